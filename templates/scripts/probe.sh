#!/bin/sh
# rgen: liveness and readiness of a Redis node, and of a Sentinel.
#   liveness:  the server answers at all (PONG, LOADING, MASTERDOWN or BUSY all prove it runs).
#   readiness: the server answers PONG and is not loading its data set; in Sentinel mode a
#              replica must also be linked to its master.
#   sentinel:  the Sentinel answers PONG (both probes of the sentinel container).
# Neither waits for cluster_state:ok: a cluster that is forming, healing or scaling must not be
# held back (or restarted) by its own probes.
set -u
mode="${1:-readiness}"
port="${RGEN_PORT:-6379}"
cli=$(command -v redis-cli || command -v valkey-cli) || exit 1

if [ "$mode" = sentinel ]; then
  port="${RGEN_SENTINEL_PORT:-26379}"
  # A Sentinel without a password must not be sent one (redis-cli reads REDISCLI_AUTH).
  [ "${RGEN_SENTINEL_AUTH:-no}" = yes ] || unset REDISCLI_AUTH
fi
reply=$("$cli" -h 127.0.0.1 -p "$port" ping 2>&1)
case "$mode" in
  sentinel)
    [ "$reply" = PONG ] && exit 0
    ;;
  liveness)
    case "$reply" in
      PONG | *LOADING* | *MASTERDOWN* | *BUSY*) exit 0 ;;
    esac
    ;;
  readiness)
    if [ "$reply" = PONG ]; then
      loading=$("$cli" -h 127.0.0.1 -p "$port" info persistence 2>/dev/null | tr -d '\r' | sed -n 's/^loading://p')
      if [ "$loading" != 0 ]; then
        reply="loading=$loading"
      elif [ -z "${RGEN_MASTER_SET:-}" ]; then
        exit 0
      else
        # Sentinel mode: a replica is ready once it replicates, so a rolling update waits for
        # a failover to finish and the data to be copied before it restarts the next pod.
        replication=$("$cli" -h 127.0.0.1 -p "$port" info replication 2>/dev/null | tr -d '\r')
        case "$replication" in
          *role:master* | *master_link_status:up*) exit 0 ;;
        esac
        reply="replica without a link to its master"
      fi
    fi
    ;;
  *)
    echo "usage: probe.sh liveness|readiness|sentinel" >&2
    exit 2
    ;;
esac
echo "$mode probe failed: $reply" >&2
exit 1
