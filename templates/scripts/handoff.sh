#!/bin/sh
# rgen: the redis container's preStop hook. Before the kubelet stops a master, an in-sync replica
# takes its place, so its clients wait a moment instead of failing until the failure timeout.
#   cluster:  CLUSTER FAILOVER on an online replica (never FORCE or TAKEOVER: the master is
#             healthy). Redis pauses the master's writers until the replica has every write,
#             then the replica takes over; this hook waits until this node is a replica.
#   sentinel: pause this master's writers, wait until the replicas have every write, step
#             down to follow one (so there are never two masters), ask a Sentinel of another
#             pod for SENTINEL FAILOVER, follow the replica it promotes, wait until it runs as
#             master, then release the paused writers (they get READONLY and re-ask the
#             Sentinels). No acknowledged write is left behind.
# A replica needs nothing. Bounded by RGEN_HANDOFF_SECONDS (half the termination grace period):
# when no replica takes over in time, Redis stops as it would without the hook.
set -u
log_tag="preStop"
# The kubelet keeps a hook's output only when it fails; send it to the container's log instead.
if [ -w /proc/1/fd/2 ]; then
  exec 2>>/proc/1/fd/2
fi
# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
setup_cli
budget="${RGEN_HANDOFF_SECONDS:-15}"
deadline=$(($(date +%s) + budget))

# Seconds left of the budget, at least 1.
left() {
  s=$((deadline - $(date +%s)))
  [ "$s" -ge 1 ] || s=1
  echo "$s"
}

# "ip offset" of each online replica in $info (INFO replication), the most advanced first.
online_replicas() {
  printf '%s\n' "$info" | sed -n 's/^slave[0-9]*:ip=\([^,]*\),port=[0-9]*,state=online,offset=\([0-9]*\),.*/\1 \2/p' |
    sort -k2,2nr
}

# Succeeds once the Redis on this pod runs as a replica.
demoted() {
  [ "$(role_of 127.0.0.1)" = slave ]
}

# Succeeds once this node is demoted, or the replica asked ($replica) stops answering (its pod
# is being deleted too, as when every pod is).
failover_settled() {
  demoted || [ -z "$(role_of "$replica")" ]
}

cluster_handoff() {
  # shellcheck source=templates/scripts/cluster.sh
  . /conf/cluster.sh
  slots=$(nodes_table 127.0.0.1 | awk '$7 == "myself" { print $11 }')
  if [ "${slots:-0}" -le 0 ]; then
    log "a master without slots: nothing to hand over"
    exit 0
  fi
  replicas=$(online_replicas)
  if [ -z "$replicas" ]; then
    log "no online replica: stopping as master (a replica is elected after cluster-node-timeout, if one appears)"
    exit 0
  fi
  while read -r replica _; do
    reply=$(rcli "$replica" cluster failover)
    if [ "$reply" != OK ]; then
      log "$replica refused CLUSTER FAILOVER: $reply"
      continue
    fi
    log "asked the replica at $replica to take over (CLUSTER FAILOVER)"
    if wait_until --every 0.2 "$(left)" failover_settled && demoted; then
      log "the replica at $replica is master now; this node follows it"
      exit 0
    fi
  done <<EOF
$replicas
EOF
  log "no replica took over within ${budget}s: stopping as master"
}

# Succeeds once every online replica has processed this master's whole replication stream,
# asked of the replicas themselves (the offsets the master lists are acknowledged only once a
# second).
replicas_caught_up() {
  offset=$(rcli 127.0.0.1 info replication | sed -n 's/^master_repl_offset://p')
  [ -n "$offset" ] || return 1
  for replica in $(online_replicas | awk '{ print $1 }'); do
    [ "$(rcli "$replica" info replication | sed -n 's/^slave_repl_offset://p')" = "$offset" ] || return 1
  done
}

# Succeeds once the Sentinel asked has chosen the replica it promotes (flagged "promoted"), or
# already names another master; sets $new to its host.
chosen() {
  new=$(sentinel_cli "$asked" sentinel replicas "$RGEN_MASTER_SET" |
    awk 'prev == "ip" { ip = $0 } prev == "flags" && /promoted/ { print ip; exit } { prev = $0 }')
  [ -n "$new" ] && return 0
  new=$(sentinel_master "$asked")
  [ -n "$new" ] && [ "$new" != none ] && [ "$new" != "$self_host" ]
}

# Succeeds once $new runs as master.
promoted() {
  [ "$(role_of "$new")" = master ]
}

# Whether the Sentinel of pod $1 (not this one) accepts SENTINEL FAILOVER; says why not.
sentinel_fails_over() {
  fails_over_host=$(pod_host "$1")
  [ "$fails_over_host" != "$self_host" ] || return 1
  fails_over_reply=$(sentinel_cli "$fails_over_host" sentinel failover "$RGEN_MASTER_SET") || true
  [ "$fails_over_reply" = OK ] && return 0
  log "the Sentinel on $fails_over_host refused SENTINEL FAILOVER: ${fails_over_reply:-no answer}"
  return 1
}

sentinel_handoff() {
  self_host="$POD_NAME.$RGEN_PEER_DOMAIN"
  if [ -z "$(online_replicas)" ]; then
    log "no online replica: stopping as master (the Sentinels fail over if a replica appears)"
    exit 0
  fi
  rcli 127.0.0.1 client pause "$((budget * 1000))" write >/dev/null
  trap 'rcli 127.0.0.1 client unpause >/dev/null' EXIT
  log "writers paused; waiting for the replicas to have every write"
  if ! wait_until --every 0.05 "$(left)" replicas_caught_up; then
    log "no replica caught up within ${budget}s: stopping as master"
    exit 0
  fi
  # Step down first, following the most advanced replica, so that there are never two masters:
  # from here until the Sentinels promote a replica, no write is accepted anywhere (paused
  # here, then READONLY). Nothing is written meanwhile, so every copy holds the same data.
  first=$(online_replicas | awk 'NR == 1 { print $1 }')
  rcli 127.0.0.1 replicaof "$first" "$port" >/dev/null
  if asked_pod=$(find_pod sentinel_fails_over); then
    asked=$(pod_host "$asked_pod")
  else
    rcli 127.0.0.1 replicaof no one >/dev/null
    log "no Sentinel would fail over: stopping as master"
    exit 0
  fi
  log "the Sentinel on $asked fails this master over"
  if ! wait_until --every 0.05 "$(left)" chosen; then
    log "the Sentinels chose no replica within ${budget}s: stopping as a replica of $first"
    exit 0
  fi
  [ "$new" = "$first" ] || rcli 127.0.0.1 replicaof "$new" "$port" >/dev/null
  if wait_until --every 0.1 "$(left)" promoted; then
    log "$new is master now; this node follows it"
  else
    log "$new was chosen but is not master after ${budget}s; this node follows it, the Sentinels finish the failover"
  fi
}

info=$(rcli 127.0.0.1 info replication)
case "$info" in
  *role:master*) ;;
  *)
    log "not a master: nothing to hand over"
    exit 0
    ;;
esac
if [ "${RGEN_MODE:-}" = sentinel ]; then
  sentinel_handoff
else
  cluster_handoff
fi
