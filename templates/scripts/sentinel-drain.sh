#!/bin/sh
# rgen: step 1 of a Sentinel scale-in, the Job rendered while sentinel.drainFrom is set. Pods
# from ordinal RGEN_KEEP_PODS on are leaving; before step 2 deletes them, this Job
#   1. sets replica-priority 0 on their Redis, so that no Sentinel ever promotes one of them;
#   2. waits until every Sentinel has read it (from the replicas' INFO, every 10 s);
#   3. if the master runs on a leaving pod, hands its role to a kept pod (hand_over_master,
#      sentinel.sh: writers paused until the replicas have every write, so none is lost);
#   4. checks that every Sentinel names the same master, on a kept pod, and sees every leaving
#      pod as a replica at priority 0.
# It changes nothing else, and run again it finds nothing left to do. The priority is runtime
# configuration: a leaving pod that restarts before step 2 is back at its configured priority
# (run this Job again: delete it and apply).
set -u
log_tag="rgen-drain"

# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
# shellcheck source=templates/scripts/sentinel.sh
. /conf/sentinel.sh
require_env RGEN_STATEFULSET RGEN_PEER_DOMAIN RGEN_PODS RGEN_KEEP_PODS RGEN_MASTER_SET
setup_cli
keep=$RGEN_KEEP_PODS
wait_timeout="${RGEN_WAIT_TIMEOUT:-300}"
budget="${RGEN_HANDOFF_SECONDS:-15}"

fail() {
  log "FAILED: $*"
  exit 1
}

# The ordinals of the leaving pods, one per line.
leaving_ordinals() {
  awk -v keep="$keep" -v n="$RGEN_PODS" 'BEGIN { for (i = keep; i < n; i++) print i }'
}

# Whether pod $1's Redis or Sentinel does not answer.
silent() {
  silent_host=$(pod_host "$1")
  [ "$(rquery "$silent_host" "$port" ping)" != PONG ] || [ "$(sentinel_cli "$silent_host" ping)" != PONG ]
}

all_answer() {
  ! find_pod silent >/dev/null
}

# Succeeds when every Sentinel names one master; sets $master to its host.
agreed_master() {
  answers=$(sentinel_answers)
  master=$(printf '%s\n' "$answers" | sed -n 1p)
  [ "$(printf '%s\n' "$answers" | grep -c .)" -eq "$RGEN_PODS" ] &&
    [ "$(printf '%s\n' "$answers" | sort -u | wc -l)" -eq 1 ] && [ "$master" != none ]
}

# Whether the Sentinel of pod $1 lacks a leaving replica at priority 0 (the master aside).
unaware() {
  unaware_seen=$(sentinel_cli "$(pod_host "$1")" sentinel replicas "$RGEN_MASTER_SET" |
    awk 'prev == "ip" { ip = $0 } prev == "slave-priority" { print ip " " $0 } { prev = $0 }') || return 0
  for unaware_ordinal in $(leaving_ordinals); do
    unaware_host=$(pod_host "$unaware_ordinal")
    [ "$unaware_host" != "$master" ] || continue
    printf '%s\n' "$unaware_seen" | grep -qx "$unaware_host 0" || return 0
  done
  return 1
}

# Succeeds once every Sentinel agrees on the master and sees every other leaving pod as a
# replica at priority 0.
blocked_everywhere() {
  agreed_master && ! find_pod unaware >/dev/null
}

# Succeeds once every Sentinel names one master on a kept pod, and sees every leaving pod as a
# replica at priority 0.
drained() {
  blocked_everywhere || return 1
  drained_ordinal=$(find_pod is_pod_named "$master") && [ "$drained_ordinal" -lt "$keep" ]
}

leaving=$(leaving_ordinals | sed "s/^/$RGEN_STATEFULSET-/" | tr '\n' ' ' | sed 's/ $//')
log "draining $leaving (keeping $keep of $RGEN_PODS pods)"
wait_until "$wait_timeout" all_answer ||
  fail "pod $(find_pod silent) does not answer (Redis and Sentinel) after ${wait_timeout}s"
for ordinal in $(leaving_ordinals); do
  reply=$(rcli "$(pod_host "$ordinal")" config set replica-priority 0)
  [ "$reply" = OK ] || fail "CONFIG SET replica-priority 0 on $RGEN_STATEFULSET-$ordinal: $reply"
done
log "replica-priority 0 on ${leaving}: the Sentinels never promote them"
wait_until 60 blocked_everywhere ||
  fail "after 60s the Sentinels do not all agree on a master and see the leaving replicas at priority 0 (the Sentinel of pod $(find_pod unaware) does not)"
ordinal=$(find_pod is_pod_named "$master") || fail "the Sentinels name $master, which is not a pod of this set"
if [ "$ordinal" -ge "$keep" ]; then
  log "the master runs on leaving pod $RGEN_STATEFULSET-$ordinal: handing it over to a kept pod"
  [ "$(role_of "$master")" = master ] || fail "$master, which the Sentinels name, does not run as master"
  hand_over_master "$master" "$master" "$RGEN_STATEFULSET-$ordinal" "$budget" ||
    fail "the master on $RGEN_STATEFULSET-$ordinal did not hand over (see above); the Job tries again"
else
  log "the master runs on kept pod $RGEN_STATEFULSET-$ordinal: nothing to hand over"
fi
wait_until 60 drained ||
  fail "after 60s the Sentinels do not all name a master on a kept pod with the leaving pods at priority 0"
log "drained: the master is $master; $leaving are replicas the Sentinels never promote"
log "next (step 2): remove sentinel.drainFrom and apply; those pods go, the remaining Sentinels forget them"
