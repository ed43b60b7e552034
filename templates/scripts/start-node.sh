#!/bin/sh
# rgen: start one Redis Cluster node (the StatefulSet container's command).
#
# 1. Write the runtime config to a memory-backed emptyDir: the ConfigMap's redis.conf plus this
#    pod's announce address (with NodePort: its node's, and its node ports) and hostname, and
#    the password from the Secret's file.
# 2. Rewrite nodes.conf before redis-server reads it: this node's own address becomes the pod
#    IP, and every peer whose recorded hostname now resolves to another IP gets that IP. Without
#    the second part a cluster whose pods ALL came back with new IPs never finds itself again.
# 3. Start redis-server. In the background, for a bounded time, send CLUSTER MEET to peers that
#    are still unreachable at their recorded address but resolve to a new one; with TLS, load
#    the certificate files again whenever they change (a renewal).
set -eu

# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
require_env POD_IP POD_NAME RGEN_PEER_DOMAIN

heal_rounds="${RGEN_HEAL_ROUNDS:-120}"
heal_interval="${RGEN_HEAL_INTERVAL:-5}"
heal_quick_rounds=30
nodes=/data/nodes.conf
runtime=/run/redis/redis.conf
self_host="$POD_NAME.$RGEN_PEER_DOMAIN"

# The name this node announces in redirects and CLUSTER SLOTS: its external name with external
# access (RGEN_EXTERNAL_NAMES, in ordinal order), else its pod DNS name.
announced_name() {
  if [ -n "${RGEN_EXTERNAL_NAMES:-}" ]; then
    external_name "${POD_NAME##*-}"
  else
    echo "$self_host"
  fi
}

# shellcheck source=templates/scripts/cluster.sh
. /conf/cluster.sh
# shellcheck source=templates/scripts/config.sh
. /conf/config.sh
setup_cli
need_server
quote_password

# Prints "id ip" for every peer in nodes.conf whose recorded hostname resolves now.
resolve_peers() {
  normalise_nodes <"$nodes" | awk '$7 != "myself" && $5 != "-" { print $1, $5 }' |
    while read -r id host; do
      ip=$(resolve "$host")
      if [ -n "$ip" ]; then
        echo "$id $ip"
      fi
    done
}

fix_nodes_conf() {
  [ -s "$nodes" ] || return 0
  peers=$(resolve_peers)
  awk -v self="$POD_IP" -v peers="$peers" '
    BEGIN {
      n = split(peers, lines, "\n")
      for (i = 1; i <= n; i++) { split(lines[i], kv, " "); if (kv[1] != "") ip[kv[1]] = kv[2] }
    }
    $1 != "vars" {
      new = ""
      if ($3 ~ /(^|,)myself(,|$)/) new = self
      else if ($1 in ip) new = ip[$1]
      if (new != "" && match($2, /:[1-9][0-9]*@/)) {
        old = substr($2, 1, RSTART - 1)
        if (old != new) { printf "rgen: nodes.conf: %s %s -> %s\n", $1, old, new > "/dev/stderr"; $2 = new substr($2, RSTART) }
      }
    }
    { print }' "$nodes" >"$nodes.rgen-tmp"
  mv -f "$nodes.rgen-tmp" "$nodes"
}

# With node ports: every peer recorded under its pod's name at a node port gets its current
# node ports (RGEN_NODE_PORT and RGEN_BUS_NODE_PORT + its ordinal), its node address kept. A
# change of either base moves every Service's node port at once, while the pods still announce
# the old ones until they restart: a restarted node reaches its peers at their new ports, and
# its pings carry its own new ports to them (a node takes a peer's address from its pings). A
# peer still at its pod address and port (node ports just turned on) stays there until it
# restarts and announces its node port itself.
fix_node_ports() {
  [ -s "$nodes" ] || return 0
  awk -v prefix="$RGEN_STATEFULSET-" -v domain=".$RGEN_PEER_DOMAIN" -v client="$RGEN_NODE_PORT" \
    -v bus="$RGEN_BUS_NODE_PORT" -v pod_port=":$port@" '
    $1 != "vars" && $3 !~ /(^|,)myself(,|$)/ && index($2, pod_port) == 0 && match($2, /:[0-9]+@[0-9]+/) {
      host = $2; sub(/^[^,]*,/, "", host); sub(/,.*$/, "", host)
      ordinal = host; sub(/\..*$/, "", ordinal); sub(/^.*-/, "", ordinal)
      if (ordinal ~ /^[0-9]+$/ && prefix ordinal domain == host) {
        ports = ":" (client + ordinal) "@" (bus + ordinal)
        if (substr($2, RSTART, RLENGTH) != ports) {
          printf "rgen: nodes.conf: %s %s -> node ports%s\n", $1, substr($2, RSTART, RLENGTH), ports > "/dev/stderr"
          $2 = substr($2, 1, RSTART - 1) ports substr($2, RSTART + RLENGTH)
        }
      }
    }
    { print }' "$nodes" >"$nodes.rgen-tmp"
  mv -f "$nodes.rgen-tmp" "$nodes"
}

# CLUSTER MEET peers that are unreachable at their recorded address but resolve elsewhere.
# Stops once every known peer is connected, or after heal_rounds rounds. The first rounds come
# every second: peers learn a restarted node's new address only from a MEET or from gossip,
# and one that is still unknown after cluster-node-timeout is marked failed, which a master
# clears only after twice that timeout more (a full restart took 13 s instead of 3 s whenever
# the first MEET came 5 s late).
heal_peers() {
  round=0
  while [ "$round" -lt "$heal_rounds" ]; do
    round=$((round + 1))
    if [ "$round" -le "$heal_quick_rounds" ]; then
      sleep 1
    else
      sleep "$heal_interval"
    fi
    table=$(rquery 127.0.0.1 "$port" cluster nodes) || continue
    [ "$(printf '%s\n' "$table" | grep -c .)" -gt 1 ] || continue
    # A peer is healed once it is at the address its name resolves to, connected and not
    # failed. The link state alone is not enough: a link still connecting to a gone address
    # shows as connected for seconds, and a node that stopped healing then never sent the MEET
    # that a peer restarted last needed (seen on both engines after a full restart).
    unhealed=0
    peers=$(printf '%s\n' "$table" | normalise_nodes | awk '$7 != "myself" { print $1, $2, $3, $4, $5, $10, $8 }')
    while read -r id old_ip peer_port bus host link health; do
      [ -n "$id" ] || continue
      new_ip=""
      [ "$host" = - ] || new_ip=$(resolve "$host")
      if [ -n "$new_ip" ] && [ "$new_ip" != "$old_ip" ]; then
        log "heal: $host ($id) moved $old_ip -> $new_ip, sending CLUSTER MEET"
        rcli 127.0.0.1 cluster meet "$new_ip" "$peer_port" "$bus" >/dev/null
        unhealed=$((unhealed + 1))
      elif [ "$link" != connected ] || [ "${health#*fail}" != "$health" ]; then
        unhealed=$((unhealed + 1))
      fi
    done <<EOF
$peers
EOF
    if [ "$unhealed" -eq 0 ]; then
      log "heal: every known peer is connected at the address its name resolves to"
      return 0
    fi
  done
  log "heal: gave up after $heal_rounds rounds; the bootstrap Job or gossip may still repair the rest"
}

# After a restore (restore.sh): once the RDB is loaded, this node owns the slots that hold its
# keys (Redis takes them itself); it adds the rest of its shard's ranges and a config epoch of
# its own while it is still alone, so the bootstrap Job can join the restored masters.
claim_restored_slots() {
  [ -s /data/restore-slots ] || return 0
  wait_until 3600 loaded_locally || return 0
  claim_table=$(rcli 127.0.0.1 cluster nodes)
  if [ "$(printf '%s\n' "$claim_table" | grep -c .)" -gt 1 ]; then
    log "restore: this node knows other nodes already; its slots stay as they are"
  else
    claim_id=$(printf '%s\n' "$claim_table" | awk '/myself/ { print $1 }')
    claim_missing=$(missing_ranges "$(cat /data/restore-slots)" "$(slot_ranges 127.0.0.1 "$claim_id")")
    if [ -n "$claim_missing" ]; then
      # shellcheck disable=SC2086 # start and end of each range, one word each
      reply=$(rcli 127.0.0.1 cluster addslotsrange $claim_missing)
      [ "$reply" = OK ] || log "restore: CLUSTER ADDSLOTSRANGE failed: $reply"
    fi
    rcli 127.0.0.1 cluster set-config-epoch "$((${POD_NAME##*-} + 1))" >/dev/null
    log "restore: this node owns the slots of its shard: $(cat /data/restore-slots)"
  fi
  mv -f /data/restore-slots /data/restore-slots.done
}

# The address this node announces: its pod IP, or with node ports (externalAccess NodePort)
# its node's address and its own node ports, through which every link then goes.
announce_directives() {
  if [ -n "${RGEN_NODE_PORT:-}" ]; then
    require_env HOST_IP RGEN_BUS_NODE_PORT
    echo "cluster-announce-ip $HOST_IP"
    echo "cluster-announce-port $((RGEN_NODE_PORT + ${POD_NAME##*-}))"
    echo "cluster-announce-bus-port $((RGEN_BUS_NODE_PORT + ${POD_NAME##*-}))"
  else
    echo "cluster-announce-ip $POD_IP"
  fi
  echo "cluster-announce-hostname $(announced_name)"
}

{
  echo "include /conf/redis.conf"
  announce_directives
  auth_directives
  restore_directives
} | write_runtime_config "$runtime"
# With node ports the peers are recorded at node addresses, which outlive the pods' addresses:
# nothing to heal; their node ports are made current (a new nodePort or busNodePort).
if [ -n "${RGEN_NODE_PORT:-}" ]; then
  fix_node_ports
else
  fix_nodes_conf
  heal_peers &
fi
if [ -n "$(restore_directives)" ]; then
  aof_after_restore &
fi
claim_restored_slots &
on_certificate_change reload_certificate &
log "starting $server as $self_host ($POD_IP)"
exec "$server" "$runtime"
