#!/bin/sh
# rgen: the smoke test (the `<name>-smoke-test` Job, and the `helm test` Pod of a package). What
# the seeds checked by hand with a hit counter: a key written and read on every shard through
# the cluster (or through the master the Sentinels name, and read back from every replica), and
# the topology the values promise. Exits 1 with what is wrong.
set -eu
log_tag=rgen-smoke-test
# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
setup_cli

fail() {
  log "FAILED: $*"
  exit 1
}

# The first pod whose Redis answers PING.
entry_pod() {
  i=0
  while [ "$i" -lt "$RGEN_PODS" ]; do
    host=$(pod_host "$i")
    if [ "$(rcli "$host" ping)" = PONG ]; then
      echo "$host"
      return 0
    fi
    i=$((i + 1))
  done
  return 1
}

# INCR the hit counter $2 through the cluster from $1 (following redirects) and read it back;
# sets $count to its value.
hit() {
  count=$(redis_cli --bounded -c -h "$1" -p "$port" incr "$2" 2>&1 | tr -d '\r')
  case "$count" in
    '' | *[!0-9]*) fail "INCR $2: $count" ;;
  esac
  again=$(redis_cli --bounded -c -h "$1" -p "$port" get "$2" 2>&1 | tr -d '\r')
  [ "$again" = "$count" ] || fail "GET $2 returned '$again' after INCR returned $count"
}

cluster_test() {
  entry=$(entry_pod) || fail "no pod answers PING"
  info=$(rcli "$entry" cluster info)
  state=$(printf '%s\n' "$info" | sed -n 's/^cluster_state://p')
  [ "$state" = ok ] || fail "cluster_state is '$state' (seen from $entry)"
  # With clusterRequireFullCoverage off the state stays ok while some slots have no master.
  served=$(printf '%s\n' "$info" | sed -n 's/^cluster_slots_ok://p')
  [ "$served" = 16384 ] || fail "only $served of 16384 slots are served by a healthy master (seen from $entry)"
  table=$(rcli "$entry" cluster nodes)
  failing=$(printf '%s\n' "$table" | awk '$3 ~ /fail/ { print $2 }')
  [ -z "$failing" ] || fail "failing nodes: $failing"
  masters=$(printf '%s\n' "$table" | awk '$3 ~ /master/ && $9 != "" { print $1 }')
  serving=$(printf '%s\n' "$masters" | grep -c .) || true
  [ "$serving" -eq "$RGEN_MASTERS" ] || fail "$serving masters serve slots, $RGEN_MASTERS expected"
  for id in $masters; do
    line=$(printf '%s\n' "$table" | awk -v id="$id" '$1 == id')
    replicas=$(printf '%s\n' "$table" | awk -v id="$id" '$4 == id && $3 ~ /slave/' | grep -c .) || true
    [ "$replicas" -ge "$RGEN_REPLICAS_PER_MASTER" ] ||
      fail "master $(echo "$line" | awk '{ print $2 }') has $replicas replicas, $RGEN_REPLICAS_PER_MASTER expected"
    # A key of this master's first slot range: try hash tags until one falls in it.
    range=$(echo "$line" | awk '{ print $9 }')
    low=${range%-*}
    high=${range#*-}
    n=0
    while :; do
      slot=$(rcli "$entry" cluster keyslot "rgen-smoke:{$n}")
      if [ "$slot" -ge "$low" ] && [ "$slot" -le "$high" ]; then
        break
      fi
      n=$((n + 1))
      [ "$n" -lt 5000 ] || fail "no test key found for slots $range"
    done
    hit "$entry" "rgen-smoke:{$n}"
    log "ok: shard $(echo "$line" | awk '{ print $2 }') (slots $range...): hit counter rgen-smoke:{$n} = $count"
  done
  log "passed: $RGEN_MASTERS shards written and read, each with $RGEN_REPLICAS_PER_MASTER replicas or more, cluster_state ok"
}

sentinel_test() {
  answers=$(sentinel_answers | grep -v '^none$') || true
  named=$(printf '%s\n' "$answers" | sed -n 1p)
  others=$(printf '%s\n' "$answers" | grep -vxF "$named" | sort -u | tr '\n' ' ') || true
  [ -z "$others" ] || fail "the Sentinels name different masters: $named and $others"
  agree=$(printf '%s\n' "$answers" | grep -c .) || true
  [ "$agree" -gt $((RGEN_PODS / 2)) ] || fail "only $agree of $RGEN_PODS Sentinels name a master"
  [ "$(role_of "$named")" = master ] || fail "the Sentinels name $named, which is not a master"
  hit "$named" rgen-smoke:hits
  replicas=$((RGEN_PODS - 1))
  synced=$(rcli "$named" wait "$replicas" 3000)
  [ "$synced" = "$replicas" ] || fail "the counter reached $synced of $replicas replicas within 3 s"
  i=0
  while [ "$i" -lt "$RGEN_PODS" ]; do
    host=$(pod_host "$i")
    if [ "$host" != "$named" ]; then
      seen=$(rcli "$host" get rgen-smoke:hits)
      [ "$seen" = "$count" ] || fail "replica $host reads the counter as '$seen', the master wrote $count"
    fi
    i=$((i + 1))
  done
  log "passed: master $named (named by $agree Sentinels) wrote hit counter rgen-smoke:hits = $count, read back on $replicas replicas"
}

if [ "${RGEN_MODE:-}" = sentinel ]; then
  sentinel_test
else
  cluster_test
fi
