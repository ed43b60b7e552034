#!/bin/sh
# rgen: liveness and readiness of a Redis node.
#   liveness:  the server answers at all (PONG, LOADING, MASTERDOWN or BUSY all prove it runs).
#   readiness: the server answers PONG and is not loading its data set.
# Neither waits for cluster_state:ok: a cluster that is forming, healing or scaling must not be
# held back (or restarted) by its own probes.
set -u
mode="${1:-readiness}"
port="${RGEN_PORT:-6379}"
cli=$(command -v redis-cli || command -v valkey-cli) || exit 1

reply=$("$cli" -h 127.0.0.1 -p "$port" ping 2>&1)
case "$mode" in
  liveness)
    case "$reply" in
      PONG | *LOADING* | *MASTERDOWN* | *BUSY*) exit 0 ;;
    esac
    ;;
  readiness)
    if [ "$reply" = PONG ]; then
      loading=$("$cli" -h 127.0.0.1 -p "$port" info persistence 2>/dev/null | tr -d '\r' | sed -n 's/^loading://p')
      [ "$loading" = 0 ] && exit 0
      reply="loading=$loading"
    fi
    ;;
  *)
    echo "usage: probe.sh liveness|readiness" >&2
    exit 2
    ;;
esac
echo "$mode probe failed: $reply" >&2
exit 1
