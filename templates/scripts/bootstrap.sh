#!/bin/sh
# rgen: the bootstrap Job. Forms, repairs and grows the Redis Cluster; safe to run any number
# of times.
#
#   1. Wait (bounded, one log line per round) until every pod resolves and answers PING.
#   2. No node has slots or knows another node: form the cluster deterministically, with the
#      roles RGEN_LAYOUT gives each pod (`master`, or the ordinal of the master it replicates).
#   3. Otherwise the cluster exists: forget dead node IDs whose pod came back as a new (empty)
#      node, add pods that are not members (first as masters until there are enough, then as
#      replicas of the master with the fewest), move slots onto empty masters. On a healthy
#      cluster with nothing new this changes nothing.
#   4. Verify: `--cluster check` passes and the topology is the expected one, else exit 1.
#
# Authenticates with the password file of the Secret (lib.sh); never on a command line.
set -eu

log_tag=rgen-bootstrap

# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
require_env RGEN_STATEFULSET RGEN_PEER_DOMAIN RGEN_MASTERS RGEN_REPLICAS_PER_MASTER RGEN_PODS RGEN_LAYOUT
wait_timeout="${RGEN_WAIT_TIMEOUT:-300}"
settle_timeout="${RGEN_SETTLE_TIMEOUT:-120}"
masters=$RGEN_MASTERS
replicas=$RGEN_REPLICAS_PER_MASTER
pods=$RGEN_PODS
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

# One round of step 1: records the address of every pod that answers; fails on a wrong
# password; succeeds once all answer.
all_pods_answer() {
  missing=0
  detail=""
  i=0
  while [ "$i" -lt "$pods" ]; do
    if [ ! -s "$state/ip.$i" ]; then
      host=$(pod_host "$i")
      ip=$(resolve "$host")
      if [ -z "$ip" ]; then
        reply="not in DNS"
      else
        reply=$(rcli "$ip" ping | head -n 1)
      fi
      case "$reply" in
        PONG) echo "$ip" >"$state/ip.$i" ;;
        *NOAUTH* | *WRONGPASS* | *"AUTH failed"* | *"invalid password"*)
          fail "authentication failed against $host ($ip): $reply; check the password Secret mounted at $auth_dir"
          ;;
        *)
          missing=$((missing + 1))
          [ "$missing" -le 5 ] && detail="$detail $RGEN_STATEFULSET-$i ($reply);"
          ;;
      esac
    fi
    i=$((i + 1))
  done
  [ "$missing" -eq 0 ] && return 0
  log "waiting for $missing of $pods pods:$detail"
  # A pod that was reached may restart with a new IP while others are awaited: re-check it.
  i=0
  while [ "$i" -lt "$pods" ]; do
    if [ -s "$state/ip.$i" ] && [ "$(resolve "$(pod_host "$i")")" != "$(ip_of "$i")" ]; then
      rm -f "$state/ip.$i"
    fi
    i=$((i + 1))
  done
  return 1
}

# 1. Every pod resolves and answers PING.
wait_for_pods() {
  wait_until --every 2 "$wait_timeout" all_pods_answer ||
    fail "gave up after ${wait_timeout}s: $missing of $pods pods not reachable:$detail"
  i=0
  while [ "$i" -lt "$pods" ]; do
    rcli "$(ip_of "$i")" cluster myid >"$state/id.$i"
    i=$((i + 1))
  done
  log "all $pods pods answer"
}

# Whether pod $1 is part of a cluster: it owns slots or knows another node.
is_member() {
  table=$(rcli "$(ip_of "$1")" cluster nodes)
  known=$(printf '%s\n' "$table" | grep -c .)
  owns=$(printf '%s\n' "$table" | awk '$3 ~ /myself/ && NF > 8' | grep -c . || true)
  [ "$known" -gt 1 ] || [ "$owns" -gt 0 ]
}

# 2. A new cluster, the same layout every time. Fails, having changed nothing, when
#    `--cluster create` cannot reach a master (it checks them all before it changes anything).
form() {
  log "no pod is in a cluster yet: forming $masters masters x $replicas replicas"
  addrs=""
  p=0
  for role in $RGEN_LAYOUT; do
    [ "$role" = master ] && addrs="$addrs $(ip_of "$p"):$port"
    p=$((p + 1))
  done
  # shellcheck disable=SC2086 # one word per address
  cluster_tool create $addrs --cluster-replicas 0 --cluster-yes || return 1
  entry=$(ip_of 0)
  p=0
  for role in $RGEN_LAYOUT; do
    if [ "$role" != master ]; then
      log "attaching $RGEN_STATEFULSET-$p as replica of $RGEN_STATEFULSET-$role"
      agree "$entry"
      cluster_tool add-node "$(ip_of "$p"):$port" "$entry:$port" --cluster-slave --cluster-master-id "$(id_of "$role")" ||
        fail "could not attach $RGEN_STATEFULSET-$p"
      known_everywhere "$(id_of "$p")"
    fi
    p=$((p + 1))
  done
}

# Whether every node agrees on the configuration, seen from node $1.
agrees() {
  cluster_tool check "$1:$port" >/dev/null 2>&1
}

# Waits (bounded) until every node agrees on the configuration (`--cluster check` passes):
# redis-cli refuses to add nodes or move slots before the last change has spread by gossip.
agree() {
  wait_until "$settle_timeout" agrees "$1" || log "nodes still disagree after ${settle_timeout}s; continuing"
}

# Prints the IP of every pod that is a member of the entry's cluster.
member_ips() {
  table=$(rcli "$entry" cluster nodes)
  p=0
  while [ "$p" -lt "$pods" ]; do
    if printf '%s\n' "$table" | awk -v id="$(id_of "$p")" '$1 == id && $3 !~ /handshake/ { f = 1 } END { exit !f }'; then
      ip_of "$p"
    fi
    p=$((p + 1))
  done
}

# Whether node $1 lists node $2 as a full member.
lists() {
  rcli "$1" cluster nodes | awk -v id="$2" '$1 == id && $3 !~ /handshake|noaddr/ { f = 1 } END { exit !f }'
}

# Waits (bounded) until every member lists node $1 as a full member, so the next decision
# (which master needs a replica, where slots go) sees it.
known_everywhere() {
  deadline=$(($(now) + settle_timeout))
  for member in $(member_ips); do
    if ! wait_until $((deadline - $(now))) lists "$member" "$1"; then
      log "node $1 is still unknown to $member after ${settle_timeout}s; continuing"
      return 0
    fi
  done
}

# Whether node $1 reports cluster_state:ok.
state_ok() {
  rcli "$1" cluster info | grep -q '^cluster_state:ok'
}

# Waits (bounded) until every member reports cluster_state:ok and all agree: slot moves fail
# with CLUSTERDOWN on a node that has not caught up yet.
all_ok() {
  deadline=$(($(now) + settle_timeout))
  for member in $(member_ips); do
    if ! wait_until $((deadline - $(now))) state_ok "$member"; then
      log "$member does not report cluster_state:ok after ${settle_timeout}s; continuing"
      return 0
    fi
  done
  agree "$entry"
}

# Slots stuck in migrating/importing state, e.g. after an interrupted rebalance.
has_open_slots() {
  rcli "$entry" cluster nodes | grep -q -e '->-' -e '-<-'
}

# Whether some live master holds less than half its fair share of the 16384 slots.
underfilled() {
  rcli "$entry" cluster nodes | awk '
    $3 ~ /master/ && $3 !~ /fail/ {
      n = 0
      for (i = 9; i <= NF; i++) {
        if ($i ~ /^\[/) continue
        split($i, r, "-")
        n += (r[2] == "" ? 1 : r[2] - r[1] + 1)
      }
      count[$1] = n
      masters += 1
    }
    END { for (id in count) if (count[id] * masters * 2 < 16384) { found = 1 } exit !found }'
}

# Whether the entry node reports cluster_state:ok, saying so when it does not.
entry_ok() {
  state_ok "$entry" && return 0
  log "waiting for cluster_state:ok"
  return 1
}

# Waits (bounded) until the entry node reports cluster_state:ok; a failover in progress must
# finish before we count masters.
settle() {
  wait_until --every 2 "$settle_timeout" entry_ok || log "cluster_state is not ok after ${settle_timeout}s; continuing"
}

# Node IDs in the entry's table whose hostname now belongs to a pod with another ID: that pod
# lost its data and came back as a new node, so the old ID can never return. Forgotten on every
# node, but only once it owns no slots (a dead master first loses them to failover); a live
# node is never forgotten.
forget_replaced() {
  rcli "$entry" cluster nodes | awk '$3 !~ /myself/ && NF == 8 { h = $2; if (sub(/^[^,]*,/, "", h)) print $1, h }' |
    while read -r old host; do
      i=0
      while [ "$i" -lt "$pods" ]; do
        if [ "$(pod_host "$i")" = "$host" ] && [ "$(id_of "$i")" != "$old" ]; then
          log "forgetting $old: $host came back as $(id_of "$i")"
          j=0
          while [ "$j" -lt "$pods" ]; do
            rcli "$(ip_of "$j")" cluster forget "$old" >/dev/null
            j=$((j + 1))
          done
        fi
        i=$((i + 1))
      done
    done
}

# The live master with the fewest replicas (ties: the lowest node ID), for a new replica.
neediest_master() {
  rcli "$entry" cluster nodes | awk '
    $3 !~ /fail/ && $3 !~ /handshake/ && $3 ~ /master/ { count[$1] += 0 }
    $3 !~ /fail/ && $3 ~ /slave/ { count[$4] += 1 }
    END { for (id in count) print count[id], id }' | sort -k1,1n -k2,2 | awk 'NR == 1 { print $2 }'
}

# 3. Grow or repair an existing cluster.
grow() {
  settle
  forget_replaced
  table=$(rcli "$entry" cluster nodes)
  live_masters=$(printf '%s\n' "$table" | awk '$3 ~ /master/ && $3 !~ /fail/ && $3 !~ /handshake/' | grep -c . || true)
  need=$((masters - live_masters))
  p=0
  while [ "$p" -lt "$pods" ]; do
    id=$(id_of "$p")
    if ! rcli "$entry" cluster nodes | awk -v id="$id" '$1 == id && $3 !~ /handshake/ { found = 1 } END { exit !found }'; then
      agree "$entry"
      if [ "$need" -gt 0 ]; then
        log "adding $RGEN_STATEFULSET-$p as a new master"
        cluster_tool add-node "$(ip_of "$p"):$port" "$entry:$port" || fail "could not add $RGEN_STATEFULSET-$p"
        need=$((need - 1))
      else
        target=$(neediest_master)
        log "adding $RGEN_STATEFULSET-$p as replica of $target"
        cluster_tool add-node "$(ip_of "$p"):$port" "$entry:$port" --cluster-slave --cluster-master-id "$target" ||
          fail "could not add $RGEN_STATEFULSET-$p"
      fi
      known_everywhere "$id"
    fi
    p=$((p + 1))
  done
  tries=0
  while has_open_slots || underfilled; do
    tries=$((tries + 1))
    [ "$tries" -le 10 ] || fail "could not spread the slots over the masters"
    all_ok
    if has_open_slots; then
      log "closing slots left open by an interrupted migration (--cluster fix)"
      cluster_tool fix "$entry:$port" --cluster-yes || sleep 3
      continue
    fi
    log "moving slots onto empty or under-filled masters (rebalance --cluster-use-empty-masters)"
    cluster_tool rebalance "$entry:$port" --cluster-use-empty-masters --cluster-yes || sleep 3
  done
}

# One look at the whole cluster for step 4: sets $problem (empty when it is as configured) and
# $check (what `--cluster check` said).
shaped_as_configured() {
  problem=""
  check=$(cluster_tool check "$entry:$port" 2>&1 | tr -d '\r') || problem="redis-cli --cluster check reports errors"
  if [ -z "$problem" ]; then
    problem=$(rcli "$entry" cluster nodes | awk -v masters="$masters" -v replicas="$replicas" -v pods="$pods" '
      { nodes += 1 }
      $3 ~ /fail/ { failed += 1 }
      /->-|-<-/ { open += 1 }
      $3 ~ /master/ && NF > 8 { owners[$1] = 1; owning += 1 }
      $3 ~ /slave/ && $3 !~ /fail/ { of[$4] += 1 }
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

# 4. The cluster is whole and shaped as configured.
verify() {
  if ! wait_until --every 2 "$settle_timeout" shaped_as_configured; then
    printf '%s\n' "$check"
    fail "$problem"
  fi
  log "cluster ok: $masters masters x $replicas replica(s), $pods nodes, all 16384 slots covered"
}

# The first pod that is part of a cluster: sets $member (its address) and $i; fails if none is.
find_member() {
  i=0
  while [ "$i" -lt "$pods" ]; do
    if is_member "$i"; then
      member=$(ip_of "$i")
      return 0
    fi
    i=$((i + 1))
  done
  return 1
}

# A pod may restart on a new address after it answered: `--cluster create` then fails before it
# changes anything, and the Job waits for the pods again (three attempts).
member=""
attempt=1
wait_for_pods
until find_member || form; do
  [ "$attempt" -lt 3 ] || fail "redis-cli --cluster create failed"
  attempt=$((attempt + 1))
  log "redis-cli --cluster create failed (a pod restarted?): waiting for the pods again"
  rm -f "$state"/ip.*
  wait_for_pods
done
if [ -n "$member" ]; then
  entry=$member
  log "cluster exists (entry $RGEN_STATEFULSET-$i); checking membership, failed nodes and empty masters"
  grow
fi
verify
