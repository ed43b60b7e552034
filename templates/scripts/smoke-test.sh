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

# The ordinal of the pod that announces external name $1.
ordinal_of_name() {
  # shellcheck disable=SC2086 # one name per word
  printf '%s\n' $RGEN_EXTERNAL_NAMES | awk -v name="$1" '$0 == name { print NR - 1 }'
}

# Whether the Redis of pod $1 answers PING.
answers_ping() {
  [ "$(rcli "$(pod_host "$1")" ping)" = PONG ]
}

# Whether pod $1 answers PING through the node address and node port it announces (NodePort);
# pod 0's go into $first_node_address.
answers_through_node_port() {
  node_address=$(tool_address "$(resolve "$(pod_host "$1")")")
  [ "$(rquery "${node_address%:*}" "${node_address##*:}" ping)" = PONG ] ||
    fail "$RGEN_STATEFULSET-$1 does not answer through $node_address, the node address and port it announces: clients outside cannot reach it"
  [ "$1" != 0 ] || first_node_address=$node_address
}

# INCR the hit counter $2 through the cluster from $1 (port $3, else the client port),
# following redirects, and read it back; sets $count to its value.
hit() {
  count=$(redis_cli --bounded -c -h "$1" -p "${3:-$port}" incr "$2" 2>&1 | tr -d '\r')
  case "$count" in
    '' | *[!0-9]*) fail "INCR $2: $count" ;;
  esac
  again=$(redis_cli --bounded -c -h "$1" -p "${3:-$port}" get "$2" 2>&1 | tr -d '\r')
  [ "$again" = "$count" ] || fail "GET $2 returned '$again' after INCR returned $count"
}

cluster_test() {
  # shellcheck source=templates/scripts/cluster.sh
  . /conf/cluster.sh
  entry=$(find_pod answers_ping) || fail "no pod answers PING"
  entry=$(pod_host "$entry")
  info=$(rcli "$entry" cluster info)
  state=$(printf '%s\n' "$info" | sed -n 's/^cluster_state://p')
  [ "$state" = ok ] || fail "cluster_state is '$state' (seen from $entry)"
  # With clusterRequireFullCoverage off the state stays ok while some slots have no master.
  served=$(printf '%s\n' "$info" | sed -n 's/^cluster_slots_ok://p')
  [ "$served" = 16384 ] || fail "only $served of 16384 slots are served by a healthy master (seen from $entry)"
  # With external access, keys go in through the first announced name (or node address and
  # port), so that every redirect follows an announced address too, as a client outside does.
  hits_from=$entry
  if [ -n "${RGEN_EXTERNAL_NAMES:-}" ]; then
    # shellcheck disable=SC2086 # one name per word
    for name in $RGEN_EXTERNAL_NAMES; do
      [ "$(rcli "$name" ping)" = PONG ] ||
        fail "$name, the name pod $(ordinal_of_name "$name") announces, does not answer: clients outside cannot reach that pod"
    done
    hits_from=${RGEN_EXTERNAL_NAMES%% *}
    log "ok: every pod answers through its announced name"
  fi
  hits_port=$port
  if [ -n "${RGEN_NODE_PORT:-}" ]; then
    for_each_pod answers_through_node_port
    hits_from=${first_node_address%:*}
    hits_port=${first_node_address##*:}
    log "ok: every pod answers through the node address and node port it announces"
  fi
  table=$(nodes_table "$entry")
  failing=$(printf '%s\n' "$table" | awk '$8 ~ /fail/ { print $2 }')
  [ -z "$failing" ] || fail "failing nodes: $failing"
  masters=$(printf '%s\n' "$table" | awk '$6 == "master" && $11 > 0 { print $1 }')
  serving=$(printf '%s\n' "$masters" | grep -c .) || true
  [ "$serving" -eq "$RGEN_MASTERS" ] || fail "$serving masters serve slots, $RGEN_MASTERS expected"
  for id in $masters; do
    address=$(printf '%s\n' "$table" | awk -v id="$id" '$1 == id { print $2 ":" $3 }')
    replicas=$(printf '%s\n' "$table" | awk -v id="$id" '$9 == id && $6 == "replica"' | grep -c .) || true
    [ "$replicas" -ge "$RGEN_REPLICAS_PER_MASTER" ] ||
      fail "master $address has $replicas replicas, $RGEN_REPLICAS_PER_MASTER expected"
    # A key of this master's first slot range: try hash tags until one falls in it.
    range=$(printf '%s\n' "$table" | awk -v id="$id" '$1 == id { print $12 }')
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
    hit "$hits_from" "rgen-smoke:{$n}" "$hits_port"
    log "ok: shard $address (slots $range...): hit counter rgen-smoke:{$n} = $count"
  done
  log "passed: $RGEN_MASTERS shards written and read, each with $RGEN_REPLICAS_PER_MASTER replicas or more, cluster_state ok"
}

# Unless pod $2 is the master $1: whether its replica reads the counter the master wrote
# ($count); counts it in $seen, names the last that does not in $behind.
replica_reads_counter() {
  reads_host=$(pod_host "$2")
  [ "$reads_host" != "$1" ] || return 0
  reads_seen=$(rcli "$reads_host" get rgen-smoke:hits)
  if [ "$reads_seen" = "$count" ]; then
    seen=$((seen + 1))
  else
    behind="$reads_host (reads '$reads_seen')"
  fi
}

# Succeeds once every replica of the master $1 reads the counter. (Not WAIT: it waits only for
# the writes of its own connection, and a new connection has none, so it returns at once.)
replicas_read_counter() {
  seen=0
  behind=""
  for_each_pod replica_reads_counter "$1"
  [ "$seen" -eq "$replicas" ]
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
  wait_until --every 0.2 3 replicas_read_counter "$named" ||
    fail "the counter reached $seen of $replicas replicas within 3 s; behind: $behind"
  log "passed: master $named (named by $agree Sentinels) wrote hit counter rgen-smoke:hits = $count, read back on $replicas replicas"
}

if [ "${RGEN_MODE:-}" = sentinel ]; then
  sentinel_test
else
  cluster_test
fi
