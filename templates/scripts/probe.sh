#!/bin/sh
# rgen: liveness and readiness of a Redis node, and of a Sentinel.
#   liveness:  the server answers at all (PONG, LOADING, MASTERDOWN or BUSY all prove it runs).
#   readiness: the server answers PONG, is not loading its data set, and a replica is linked to
#              its master (so its data is copied): a rolling update then never stops the next
#              pod while the last in-sync copy of a shard is still being made.
#   sentinel:  the Sentinel answers PONG (both probes of the sentinel container).
# Neither waits for cluster_state:ok: a cluster that is forming, healing or scaling must not be
# held back (or restarted) by its own probes.
set -u
mode="${1:-readiness}"
log_tag="$mode probe failed"
# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
setup_cli

case "$mode" in
  sentinel)
    reply=$(sentinel_cli 127.0.0.1 ping)
    [ "$reply" = PONG ] && exit 0
    ;;
  liveness)
    reply=$(rcli 127.0.0.1 ping)
    case "$reply" in
      PONG | *LOADING* | *MASTERDOWN* | *BUSY*) exit 0 ;;
    esac
    ;;
  readiness)
    reply=$(rcli 127.0.0.1 ping)
    if [ "$reply" = PONG ]; then
      loading=$(rcli 127.0.0.1 info persistence | sed -n 's/^loading://p')
      if [ "$loading" != 0 ]; then
        reply="loading=$loading"
      else
        case "$(rcli 127.0.0.1 info replication)" in
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
log "${reply:-no answer}"
exit 1
