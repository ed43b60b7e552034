#!/bin/sh
# rgen: the redis container's preStop hook. Before the kubelet stops a master, an in-sync replica
# takes its place, so its clients wait a moment instead of failing until the failure timeout.
#   cluster:  CLUSTER FAILOVER on an online replica (never FORCE or TAKEOVER: the master is
#             healthy). Redis pauses the master's writers until the replica has every write,
#             then the replica takes over; this hook waits until this node is a replica.
#   sentinel: pause this master's writers, wait until the replicas have every write, step
#             down, have the Sentinels promote a replica, follow it, release the writers
#             (hand_over_master, sentinel.sh). No acknowledged write is left behind.
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
  replicas=$(online_replicas "$info")
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

sentinel_handoff() {
  # shellcheck source=templates/scripts/sentinel.sh
  . /conf/sentinel.sh
  hand_over_master 127.0.0.1 "$(pod_host "${POD_NAME##*-}")" "this node" "$budget" ||
    log "stopping as it is"
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
