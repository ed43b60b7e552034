#!/bin/sh
# rgen: start the Sentinel beside one Redis (the StatefulSet's `sentinel` container).
#
# Sentinel rewrites its config file as it learns (the current master, epochs, the other
# Sentinels and replicas), so it runs from a copy on a memory-backed emptyDir that holds the
# password. Every few seconds that state, without the password, is saved to the pod's volume
# (/data/sentinel-state.conf), so after a restart of every pod the Sentinels still know which
# master they elected last, and the Redis pods follow it. The master to monitor at start:
# 1. the one in the saved state; else 2. the one the other Sentinels name; else 3. a Redis pod
# that runs as master; else 4. pod 0 (the only pod that may make itself master, see
# start-redis.sh).
set -eu

# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
require_env POD_NAME RGEN_PEER_DOMAIN RGEN_STATEFULSET RGEN_PODS RGEN_MASTER_SET

wait_seconds="${RGEN_SENTINEL_WAIT:-30}"
save_interval="${RGEN_SENTINEL_SAVE_INTERVAL:-2}"
runtime=/run/sentinel/sentinel.conf
state=/data/sentinel-state.conf
self_host=$(pod_host "${POD_NAME##*-}")

# shellcheck source=templates/scripts/config.sh
. /conf/config.sh
setup_cli
need_server
quote_password

# The lines of a Sentinel config worth keeping across restarts: what it learned about our
# master set, never a password, and only the replicas and Sentinels of pods that still exist:
# after a scale-in, a Sentinel restarting from a state saved before its SENTINEL RESET (it is
# saved every few seconds) must not bring the removed ones back into the count of the quorum
# and of the majority that authorizes a failover.
learned() {
  awk -v set="$RGEN_MASTER_SET" -v hosts="$(for_each_pod pod_host)" '
    BEGIN { n = split(hosts, list, "\n"); for (i = 1; i <= n; i++) live[list[i]] = 1 }
    $1 == "sentinel" && $2 == "current-epoch" { print; next }
    $1 == "sentinel" && ($2 == "config-epoch" || $2 == "leader-epoch") && $3 == set { print; next }
    $1 == "sentinel" && ($2 == "known-replica" || $2 == "known-sentinel") && $3 == set && ($4 in live) { print }
  ' "$1"
}

# The `sentinel monitor` line of our master set in the Sentinel config $1.
monitor_line() {
  awk -v set="$RGEN_MASTER_SET" '$1 == "sentinel" && $2 == "monitor" && $3 == set { print; exit }' "$1" 2>/dev/null
}

# Every pod but the master $1, as a replica Sentinel knows from the start: their DNS names are
# fixed, so no replica waits to be discovered (through the master's INFO, every 10 s) and is
# left following a master that failed meanwhile.
known_replicas() {
  for_each_pod known_replica "$1"
}

# The known-replica line of pod $2, unless it is the master $1.
known_replica() {
  known_host=$(pod_host "$2")
  [ "$known_host" = "$1" ] || printf 'sentinel known-replica %s %s %s\n' "$RGEN_MASTER_SET" "$known_host" "$port"
}

# Unless $master is known already: what the Sentinel of pod $1 (another pod) names goes into
# $master, and that Sentinel's host into $named_by.
ask_other_sentinel() {
  [ -z "$master" ] || return 0
  named_by=$(pod_host "$1")
  [ "$named_by" != "$self_host" ] || return 0
  master=$(sentinel_master "$named_by")
  [ "$master" != none ] || master=""
}

master=""
if [ -s "$state" ]; then
  master=$(monitor_line "$state" | awk '{ print $4 }')
  [ -z "$master" ] || log "saved state: master $master"
  # A master on a pod the StatefulSet no longer has (after a scale-in) can never come back.
  if [ -n "$master" ] && ! find_pod is_pod_named "$master" >/dev/null; then
    log "$master is no longer a pod of this set: asking the other Sentinels instead"
    master=""
  fi
fi
if [ -z "$master" ]; then
  for_each_pod ask_other_sentinel
  [ -z "$master" ] || log "Sentinel $named_by names master $master"
fi
if [ -z "$master" ]; then
  master=$(running_master "")
  [ -z "$master" ] || log "$master runs as master"
fi
fresh=no
if [ -z "$master" ]; then
  master=$(pod_host 0)
  fresh=yes
  log "nothing knows a master yet: monitoring $master"
fi

# Sentinel refuses a master name it cannot resolve; the headless Service publishes it early.
if ! wait_until "$wait_seconds" getent hosts "$master" >/dev/null 2>&1; then
  log "$master does not resolve after ${wait_seconds}s"
  exit 1
fi

# A stable id per pod, so the other Sentinels recognise this one after a restart.
myid=$(printf '%s' "$POD_NAME" | sha1sum | cut -c1-40)
{
  sed -e "s/@MASTER@/$master/" -e "s/@ANNOUNCE@/$self_host/" -e "s/@MYID@/$myid/" /conf/sentinel.conf
  {
    # Every replica, unless this pod is the master and its Redis is not running: a Sentinel
    # restarting with its master (a lost pod) must not know replicas it could promote in a
    # second failover beside the one the other Sentinels run, which makes two masters. It
    # learns them from the new master, or from its saved state.
    if [ "$master" != "$self_host" ] || [ "$fresh" = yes ] || [ "$(role_of "$master")" = master ]; then
      known_replicas "$master"
    fi
    if [ -s "$state" ]; then
      learned "$state"
    fi
  } | awk '!seen[$0]++'
  if [ -n "$quoted" ]; then
    printf 'sentinel auth-pass %s "%s"\n' "$RGEN_MASTER_SET" "$quoted"
    if [ "${RGEN_SENTINEL_AUTH:-no}" = yes ]; then
      client_auth
      printf 'sentinel sentinel-pass "%s"\n' "$quoted"
    fi
  fi
} | write_runtime_config "$runtime"

# Saves what Sentinel learned, without secrets, while Sentinel (this shell's successor) runs.
save_state() {
  sentinel_pid=$1
  while kill -0 "$sentinel_pid" 2>/dev/null; do
    sleep "$save_interval"
    monitor=$(monitor_line "$runtime") || continue
    [ -n "$monitor" ] || continue
    { echo "$monitor" && learned "$runtime"; } >"$state.tmp" 2>/dev/null && mv -f "$state.tmp" "$state"
  done
}
save_state $$ &

# The hosts of the Sentinels and replicas the local Sentinel knows that are not pods of this
# StatefulSet (any more), one per line.
removed_peers() {
  live=$(for_each_pod pod_host)
  for removed_kind in sentinels replicas; do
    sentinel_cli 127.0.0.1 sentinel "$removed_kind" "$RGEN_MASTER_SET" || return 1
  done | awk -v live="$live" '
    BEGIN { n = split(live, list, "\n"); for (i = 1; i <= n; i++) pod[list[i]] = 1 }
    previous == "ip" && !($0 in pod) { print }
    { previous = $0 }'
}

# After a scale-in, forgets the Sentinels and replicas of removed pods (SENTINEL RESET), so the
# quorum and the majority that authorizes a failover count live Sentinels only. Never two at
# once: a Sentinel may reset only in its own 10 s slot (ordinal = seconds / 10 mod pods), only
# while it sees its master, a live pod, with no failover under way; it then finds the others
# again within seconds (their hello messages, the master's INFO).
forget_removed_pods() {
  forget_ordinal=${POD_NAME##*-}
  while kill -0 "$1" 2>/dev/null; do
    sleep 5
    [ $(($(date +%s) / 10 % RGEN_PODS)) -eq "$forget_ordinal" ] || continue
    removed=$(removed_peers) || continue
    [ -n "$removed" ] || continue
    flags=$(sentinel_cli 127.0.0.1 sentinel master "$RGEN_MASTER_SET" |
      awk 'previous == "flags" { print; exit } { previous = $0 }') || continue
    [ "$flags" = master ] || continue
    find_pod is_pod_named "$(sentinel_master 127.0.0.1)" >/dev/null || continue
    log "forgetting $(echo "$removed" | tr '\n' ' ')(no longer pods of this set): SENTINEL RESET"
    sentinel_cli 127.0.0.1 sentinel reset "$RGEN_MASTER_SET" >/dev/null || true
    sleep 10
  done
}
forget_removed_pods $$ &

# Sentinel cannot load a renewed certificate (its CONFIG SET does not cover TLS). When the files
# change it stops, after ordinal × 10 s so that the Sentinels restart one at a time and a
# majority always answers, and the kubelet starts it again with them. Its state is on the
# pod's volume (save_state), its Redis keeps running and reloads by itself.
restart_for_certificate() {
  sleep $((${POD_NAME##*-} * 10))
  log "the certificate files changed; stopping so that the kubelet restarts this Sentinel with them"
  kill "$1"
}
on_certificate_change restart_for_certificate $$ &
exec "$server" "$runtime" --sentinel
