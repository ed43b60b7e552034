#!/bin/sh
# rgen: the bootstrap Job. Forms, repairs and grows the Redis Cluster; safe to run any number
# of times.
#
#   1. Wait (bounded, one log line per round) until every pod resolves and answers PING.
#   1b. After a restore (restored.sh): join the masters that loaded the backup's shards.
#   2. No node has slots or knows another node: form the cluster deterministically, with the
#      roles RGEN_LAYOUT gives each pod (`master`, or the ordinal of the master it replicates).
#   3. Otherwise the cluster exists: refuse a StatefulSet that shrank under slot owners, forget
#      dead node IDs whose pod came back as a new (empty) node, add kept pods that are not
#      members (first as masters until there are enough, then as replicas of the master with
#      the fewest), move slots onto empty masters. On a healthy cluster this changes nothing.
#   3b. Scale-in (drain.sh): drain the leaving pods, or empty masters beyond the configured.
#   4. Verify: `--cluster check` passes and the kept pods are the expected topology, else exit 1.
#
# Authenticates with the password file of the Secret (lib.sh); never on a command line. Every
# function that looks at the cluster is given the address of the node it asks (its "entry").
set -eu
log_tag=rgen-bootstrap

# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
# shellcheck source=templates/scripts/cluster.sh
. /conf/cluster.sh
# shellcheck source=templates/scripts/drain.sh
. /conf/drain.sh
# shellcheck source=templates/scripts/restored.sh
. /conf/restored.sh
require_env RGEN_STATEFULSET RGEN_PEER_DOMAIN RGEN_MASTERS RGEN_REPLICAS_PER_MASTER RGEN_PODS RGEN_LAYOUT
wait_timeout="${RGEN_WAIT_TIMEOUT:-300}"
settle_timeout="${RGEN_SETTLE_TIMEOUT:-120}"
masters=$RGEN_MASTERS
replicas=$RGEN_REPLICAS_PER_MASTER
pods=$RGEN_PODS
# Pods from this ordinal on are drained (step 1 of a scale-in); all are kept otherwise.
keep="${RGEN_KEEP_PODS:-$pods}"
state=$(mktemp -d)
# Cluster-wide commands (CLUSTER NODES on a big cluster, a forget on every node) get longer.
RGEN_CLI_TIMEOUT="${RGEN_CLI_TIMEOUT:-10}"
setup_cli

fail() {
  log "FAILED: $*"
  exit 1
}

ip_of() {
  cat "$state/ip.$1"
}

id_of() {
  cat "$state/id.$1"
}

now() {
  date +%s
}

# Records the address of pod $1 once it answers PING; fails on a wrong password; counts the
# pods still missing in $missing and names the first five in $detail.
check_pod() {
  [ ! -s "$state/ip.$1" ] || return 0
  check_host=$(pod_host "$1")
  check_ip=$(resolve "$check_host")
  check_reply="not in DNS"
  [ -z "$check_ip" ] || check_reply=$(rcli "$check_ip" ping | head -n 1)
  case "$check_reply" in
    PONG) echo "$check_ip" >"$state/ip.$1" ;;
    *NOAUTH* | *WRONGPASS* | *"AUTH failed"* | *"invalid password"*)
      fail "authentication failed against $check_host ($check_ip): $check_reply; check the password Secret mounted at $auth_dir"
      ;;
    *)
      missing=$((missing + 1))
      [ "$missing" -gt 5 ] || detail="$detail $RGEN_STATEFULSET-$1 ($check_reply);"
      ;;
  esac
}

# Forgets the recorded address of pod $1 when its name now resolves elsewhere (it restarted).
recheck_pod() {
  if [ -s "$state/ip.$1" ] && [ "$(resolve "$(pod_host "$1")")" != "$(ip_of "$1")" ]; then
    rm -f "$state/ip.$1"
  fi
}

# One round of step 1: succeeds once every pod answered.
all_pods_answer() {
  missing=0
  detail=""
  for_each_pod check_pod
  [ "$missing" -eq 0 ] && return 0
  log "waiting for $missing of $pods pods:$detail"
  # A pod that was reached may restart with a new IP while others are awaited: re-check it.
  for_each_pod recheck_pod
  return 1
}

record_id() {
  rcli "$(ip_of "$1")" cluster myid >"$state/id.$1"
}

# 1. Every pod resolves and answers PING.
wait_for_pods() {
  wait_until --every 2 "$wait_timeout" all_pods_answer ||
    fail "gave up after ${wait_timeout}s: $missing of $pods pods not reachable:$detail"
  for_each_pod record_id
  log "all $pods pods answer"
}

# Whether pod $1 is part of a cluster: it owns slots or knows another node.
is_member() {
  is_member_table=$(nodes_table "$(ip_of "$1")")
  [ "$(printf '%s\n' "$is_member_table" | grep -c .)" -gt 1 ] ||
    printf '%s\n' "$is_member_table" | awk '$7 == "myself" && ($11 > 0 || $13 == "open") { f = 1 } END { exit !f }'
}

# 2. A new cluster, the same layout every time. Fails, having changed nothing, when
#    `--cluster create` cannot reach a master (it checks them all before it changes anything).
form() {
  log "no pod is in a cluster yet: forming $masters masters x $replicas replicas"
  form_addrs=""
  form_p=0
  for form_role in $RGEN_LAYOUT; do
    [ "$form_role" != master ] || form_addrs="$form_addrs $(tool_address "$(ip_of "$form_p")")"
    form_p=$((form_p + 1))
  done
  # shellcheck disable=SC2086 # one word per address
  cluster_tool create $form_addrs --cluster-replicas 0 --cluster-yes || return 1
  form_entry=$(ip_of 0)
  form_p=0
  for form_role in $RGEN_LAYOUT; do
    if [ "$form_role" != master ]; then
      log "attaching $RGEN_STATEFULSET-$form_p as replica of $RGEN_STATEFULSET-$form_role"
      agree "$form_entry"
      cluster_tool add-node "$(tool_address "$(ip_of "$form_p")")" "$(tool_address "$form_entry")" --cluster-slave \
        --cluster-master-id "$(id_of "$form_role")" || fail "could not attach $RGEN_STATEFULSET-$form_p"
      known_everywhere "$form_entry" "$(id_of "$form_p")"
    fi
    form_p=$((form_p + 1))
  done
}

# Prints the IP of pod $2 when it is a member of the cluster seen from $1.
member_ip() {
  if lists "$1" "$(id_of "$2")"; then
    ip_of "$2"
  fi
}

# Waits (bounded) until every member (seen from $1) lists node $2 as a full member, so the next
# decision (which master needs a replica, where slots go) sees it.
known_everywhere() {
  known_deadline=$(($(now) + settle_timeout))
  for known_member in $(for_each_pod member_ip "$1"); do
    if ! wait_until $((known_deadline - $(now))) lists "$known_member" "$2" full; then
      log "node $2 is still unknown to $known_member after ${settle_timeout}s; continuing"
      return 0
    fi
  done
}

# Waits (bounded) until every member (seen from $1) reports cluster_state:ok and all agree:
# slot moves fail with CLUSTERDOWN on a node that has not caught up yet.
all_ok() {
  all_ok_deadline=$(($(now) + settle_timeout))
  for all_ok_member in $(for_each_pod member_ip "$1"); do
    if ! wait_until $((all_ok_deadline - $(now))) state_ok "$all_ok_member"; then
      log "$all_ok_member does not report cluster_state:ok after ${settle_timeout}s; continuing"
      return 0
    fi
  done
  agree "$1"
}

# Whether the entry $1 reports cluster_state:ok, saying so when it does not.
entry_ok() {
  state_ok "$1" && return 0
  log "waiting for cluster_state:ok"
  return 1
}

# Adds pod $2 to the cluster of $1 when it is not a member: as a master while there are fewer
# live masters than configured, else as a replica of the neediest master.
join_if_new() {
  join_id=$(id_of "$2")
  lists "$1" "$join_id" && return 0
  agree "$1"
  if [ "$(live_masters "$1")" -lt "$masters" ]; then
    log "adding $RGEN_STATEFULSET-$2 as a new master"
    cluster_tool add-node "$(tool_address "$(ip_of "$2")")" "$(tool_address "$1")" || fail "could not add $RGEN_STATEFULSET-$2"
  else
    join_target=$(neediest_master "$1")
    log "adding $RGEN_STATEFULSET-$2 as replica of $join_target"
    cluster_tool add-node "$(tool_address "$(ip_of "$2")")" "$(tool_address "$1")" --cluster-slave --cluster-master-id "$join_target" ||
      fail "could not add $RGEN_STATEFULSET-$2"
    # The next join picks a master from this table: it must show the new node as a replica.
    wait_until "$settle_timeout" replicates "$1" "$join_id" "$join_target" ||
      log "$1 does not list $join_id as a replica after ${settle_timeout}s; continuing"
  fi
  known_everywhere "$1" "$join_id"
}

# slot_move_round ENTRY WHAT ARGS...: one round of moving slots, seen from ENTRY: close the
# slots an interrupted migration left open (--cluster fix), or, once every replica is in sync,
# move WHAT with `rebalance ARGS...`. A failed round is retried by the caller's loop.
slot_move_round() {
  round_entry=$1
  round_what=$2
  shift 2
  all_ok "$round_entry"
  if has_open_slots "$round_entry"; then
    log "closing slots left open by an interrupted migration (--cluster fix)"
    cluster_tool fix "$round_entry:$port" --cluster-yes || sleep 3
    return 0
  fi
  wait_until "$settle_timeout" replicas_synced "$round_entry" || log "replicas still syncing after ${settle_timeout}s; continuing"
  log "moving $round_what (rebalance $*)"
  cluster_tool rebalance "$round_entry:$port" "$@" --cluster-yes || sleep 3
}

# join_if_new for pod $2 when it is kept (never re-adds a drained pod).
join_kept() {
  [ "$2" -ge "$keep" ] || join_if_new "$@"
}

# Whether slots should move onto under-filled masters: not while draining or while more
# masters serve than configured (reshape empties those instead).
fills_empty_masters() {
  [ "$keep" -eq "$pods" ] && [ "$(live_masters "$1")" -le "$masters" ] && underfilled "$1"
}

# 3. Grow or repair the cluster of the entry $1.
grow() {
  forget_removed "$1"
  wait_until --every 2 "$settle_timeout" entry_ok "$1" || log "cluster_state is not ok after ${settle_timeout}s; continuing"
  forget_replaced "$1"
  for_each_pod join_kept "$1"
  tries=0
  while has_open_slots "$1" || fills_empty_masters "$1"; do
    tries=$((tries + 1))
    [ "$tries" -le 10 ] || fail "could not spread the slots over the masters"
    slot_move_round "$1" "slots onto empty or under-filled masters" --cluster-use-empty-masters
  done
}

# One look at the whole cluster from $1 for step 4: sets $problem (empty when it is as
# configured) and $check (what `--cluster check` said).
shaped_as_configured() {
  problem=""
  check=$(cluster_tool check "$1:$port" 2>&1 | tr -d '\r') || problem="redis-cli --cluster check reports errors"
  if [ -z "$problem" ]; then
    problem=$(nodes_table "$1" | awk -v masters="$masters" -v replicas="$replicas" -v pods="$keep" '
      { nodes += 1 }
      $8 ~ /fail/ { failed += 1 }
      $13 == "open" { open += 1 }
      $6 == "master" && $11 > 0 { owners[$1] = 1; owning += 1 }
      $6 == "replica" && $8 !~ /fail/ { of[$9] += 1 }
      END {
        if (failed) { print failed " node(s) in fail state"; exit }
        if (open) { print "slots are still migrating or importing"; exit }
        if (nodes != pods) { print nodes " nodes in the cluster, expected " pods; exit }
        if (owning != masters) { print owning " masters own slots, expected " masters; exit }
        for (id in owners) if (of[id] + 0 != replicas) { print "master " id " has " of[id] + 0 " replica(s), expected " replicas; exit }
      }')
  fi
  [ -z "$problem" ] && return 0
  log "not yet: $problem"
  return 1
}

# 4. The cluster of $1 is whole and shaped as configured.
verify() {
  if ! wait_until --every 2 "$settle_timeout" shaped_as_configured "$1"; then
    printf '%s\n' "$check"
    fail "$problem"
  fi
  log "cluster ok: $masters masters x $replicas replica(s), $keep nodes, all 16384 slots covered"
}

# A pod may restart on a new address after it answered: `--cluster create` then fails before it
# changes anything, and the Job waits for the pods again (three attempts).
attempt=1
wait_for_pods
meet_restored
until member=$(find_pod is_member) || form; do
  [ "$attempt" -lt 3 ] || fail "redis-cli --cluster create failed"
  attempt=$((attempt + 1))
  log "redis-cli --cluster create failed (a pod restarted?): waiting for the pods again"
  rm -f "$state"/ip.*
  wait_for_pods
done
entry=$(ip_of "${member:-0}")
if [ -n "${member:-}" ]; then
  log "cluster exists (entry $RGEN_STATEFULSET-$member); checking membership, failed nodes and empty masters"
  grow "$entry"
fi
reshape "$entry"
verify "$entry"
