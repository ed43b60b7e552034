#!/bin/sh
# rgen: start one Redis of a Sentinel deployment (the StatefulSet's `redis` container).
#
# Who is master is decided once, here, before redis-server starts, and only ever one way:
# 1. Ask the Sentinels (one beside every pod) which master they monitor, waiting a bounded time
#    for a majority of them to answer. If they name a master, follow them: this pod is that
#    master, or it replicates it. A master that failed over comes back as a replica this way.
# 2. If no Sentinel knows a master, replicate a peer that already runs as master.
# 3. If no peer is master either (a fresh deployment), pod 0 is master and every other pod
#    replicates pod 0. Only pod 0 may ever make itself master, so parallel starts cannot elect
#    two. After that the Sentinels, whose state survives restarts on the pods' volumes, decide.
# A master that restarts while the Sentinels see it down waits for their failover; so does one
# whose volume was wiped while a replica still holds the data, before Redis even starts.
# While Redis runs, a replica keeps following the master the Sentinels name (follow_sentinels).
# The runtime config, with the password, lives on a memory-backed emptyDir.
set -eu

# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
require_env POD_NAME RGEN_PEER_DOMAIN RGEN_STATEFULSET RGEN_PODS RGEN_MASTER_SET

wait_seconds="${RGEN_SENTINEL_WAIT:-30}"
runtime=/run/redis/redis.conf
self_host=$(pod_host "${POD_NAME##*-}")
first_host=$(pod_host 0)

# shellcheck source=templates/scripts/config.sh
. /conf/config.sh
setup_cli
need_server
quote_password

# Whether the Sentinel of pod $1 sees the master down or fails it over.
sees_master_down() {
  seen_flags=$(sentinel_cli "$(pod_host "$1")" sentinel master "$RGEN_MASTER_SET" | sed -n '/^flags$/{n;p;}') || true
  case "$seen_flags" in
    *s_down* | *o_down* | *failover*) return 0 ;;
  esac
  return 1
}

# Whether any Sentinel sees the master down or fails it over (this pod, when it restarts).
master_down() {
  find_pod sees_master_down >/dev/null
}

# Whether this pod's volume holds a data set (AOF or RDB).
has_data() {
  [ -e /data/appendonlydir ] || [ -e /data/appendonly.aof ] || [ -e /data/dump.rdb ]
}

# Whether pod $1 is another pod whose Redis is a replica holding keys.
replica_with_data() {
  data_host=$(pod_host "$1")
  [ "$data_host" != "$self_host" ] || return 1
  data_keys=$(rquery "$data_host" "$port" dbsize) || true
  [ "$(role_of "$data_host")" = slave ] && [ "${data_keys:-0}" -gt 0 ] 2>/dev/null
}

# A peer replica that holds keys, if any.
peer_with_data() {
  if data_pod=$(find_pod replica_with_data); then
    pod_host "$data_pod"
  fi
}

# One round of asking every Sentinel: sets $named (the master most of them name, if any) and
# succeeds once one is named or a majority answered.
sentinels_answer() {
  answers=$(sentinel_answers)
  answered=$(printf '%s\n' "$answers" | grep -c .) || true
  named=$(printf '%s\n' "$answers" | grep -v '^none$' | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
  [ -n "$named" ] || [ "$answered" -ge "$majority" ]
}

# Whether a majority of the Sentinels name the same master (in $named, after sentinels_answer).
majority_names() {
  votes=$(printf '%s' "$answers" | grep -cxF "$named") || true
  [ -n "$named" ] && [ "$votes" -ge "$majority" ]
}

# While Redis (process $1) runs, every RGEN_FOLLOW_INTERVAL seconds: a replica that follows
# another master than the one a majority of the Sentinels name (and that runs as master)
# re-points itself. The Sentinels reconfigure the replicas they know after a failover; this
# covers one they missed.
follow_sentinels() {
  redis_pid=$1
  majority=$((RGEN_PODS / 2 + 1))
  while sleep "${RGEN_FOLLOW_INTERVAL:-5}" && kill -0 "$redis_pid" 2>/dev/null; do
    current=$(rquery 127.0.0.1 "$port" info replication | sed -n 's/^master_host://p') || continue
    [ -n "$current" ] || continue
    sentinels_answer || true
    if majority_names && [ "$named" != "$current" ] && [ "$named" != "$self_host" ] &&
      [ "$(role_of "$named")" = master ]; then
      log "the Sentinels name $named as master, but this replica follows $current: re-pointing it"
      rcli 127.0.0.1 replicaof "$named" "$port" >/dev/null
    fi
  done
}

# The master most Sentinels name, once a majority answered; empty when none knows one.
ask_sentinels() {
  majority=$((RGEN_PODS / 2 + 1))
  # Every 0.2 s: the Sentinels start beside the Redis pods, and a master that waits longer
  # than down-after for them is failed over.
  if ! wait_until --every 0.2 "$wait_seconds" sentinels_answer; then
    log "only $answered of $RGEN_PODS Sentinels answered within ${wait_seconds}s"
  fi
  echo "$named"
}

# Succeeds once the Sentinels no longer name this pod while they see it down (re-asking them).
verdict_given() {
  if [ "$master" = "$self_host" ] && master_down; then
    log "the Sentinels see this master down; waiting for their failover"
    master=$(ask_sentinels)
    return 1
  fi
}

# Succeeds once the Sentinels name another pod as master (re-asking them).
promoted_elsewhere() {
  master=$(ask_sentinels)
  [ "$master" != "$self_host" ]
}

master=$(ask_sentinels)
if [ "$master" = "$self_host" ]; then
  # This pod was master and restarts. If the Sentinels already see it down, they are about to
  # promote a replica: wait for their verdict rather than come back as a second master.
  wait_until "$wait_seconds" verdict_given || true
fi
holder=""
if [ "$master" = "$self_host" ] && ! has_data; then
  holder=$(peer_with_data)
fi
peer=$(running_master "$self_host")
if [ -n "$holder" ]; then
  # This master lost its volume. Coming back empty as master would make every replica drop its
  # data, so Redis does not start until the Sentinels, finding this master unreachable, have
  # promoted a replica that has the data; then this pod replicates it.
  log "the Sentinels name this pod, but its volume is empty and $holder holds the data: waiting for their failover"
  if ! wait_until "$wait_seconds" promoted_elsewhere; then
    log "no failover within ${wait_seconds}s; exiting so the pod is retried (never starting empty as master)"
    exit 1
  fi
  log "the Sentinels name $master as master"
elif [ "$master" = "$self_host" ] && [ -n "$peer" ]; then
  log "the Sentinels name this pod, but $peer already runs as master: following $peer"
  master=$peer
elif [ -n "$master" ]; then
  log "the Sentinels name $master as master"
elif [ -n "$peer" ]; then
  log "no Sentinel knows a master; $peer runs as master"
  master=$peer
else
  master=$first_host
  log "no Sentinel knows a master and no peer is master: $first_host is master"
fi

if [ "$master" = "$self_host" ]; then
  log "starting as master"
else
  log "starting as replica of $master"
fi
{
  echo "include /conf/redis.conf"
  echo "replica-announce-ip $self_host"
  auth_directives
  restore_directives
  if [ "$master" != "$self_host" ]; then
    echo "replicaof $master $port"
  fi
} | write_runtime_config "$runtime"
follow_sentinels $$ &
if [ -n "$(restore_directives)" ]; then
  aof_after_restore &
fi
on_certificate_change reload_certificate &
exec "$server" "$runtime"
