# rgen: reading a Redis Cluster's topology, for the scripts of cluster mode (bootstrap.sh,
# smoke-test.sh, handoff.sh, start-node.sh). Sourced after lib.sh (which it uses); sourcing it
# only defines functions. normalise_nodes is the one parser of CLUSTER NODES.
# shellcheck shell=sh
# shellcheck disable=SC2154 # port is lib.sh's (setup_cli)

# nodes_table HOST: CLUSTER NODES of the Redis on HOST, normalised (see normalise_nodes).
nodes_table() {
  rcli "$1" cluster nodes | normalise_nodes
}

# normalise_nodes: reads CLUSTER NODES lines (or nodes.conf) on stdin and prints one line per
# node, the only parser of that format:
#   1 id  2 ip  3 port  4 bus  5 hostname (- when none)  6 role (master, replica, none)
#   7 myself or -  8 health (ok, pfail, fail, handshake, noaddr)  9 master id (- when none)
#   10 link (connected, disconnected)  11 slots owned  12 first slot range (-)  13 open or -
#      (slots migrating or importing)
# With external access a node announces its external name; column 5 is then read back as the
# pod DNS name it stands for (RGEN_EXTERNAL_NAMES, in ordinal order), so the scripts that heal
# and drain by pod names never reach a pod through its load balancer. With node ports a node
# announces its node's address and node port RGEN_NODE_PORT + ordinal: columns 2 to 5 are then
# read back as the pod's address (resolved now), ports and DNS name.
normalise_nodes() {
  normalise_pods=""
  if [ -n "${RGEN_NODE_PORT:-}" ]; then
    normalise_pods=$(for_each_pod pod_address)
  fi
  awk -v external="${RGEN_EXTERNAL_NAMES:-}" -v prefix="${RGEN_STATEFULSET:-}-" -v domain=".${RGEN_PEER_DOMAIN:-}" \
    -v node_port="${RGEN_NODE_PORT:-}" -v pods="$normalise_pods" -v pod_port="${RGEN_PORT:-6379}" \
    -v pod_bus="${RGEN_BUS_PORT:-}" '
  BEGIN {
    n = split(external, ext, " "); for (i = 1; i <= n; i++) pod[ext[i]] = prefix (i - 1) domain
    n = split(pods, lines, "\n"); for (i = 1; i <= n; i++) { split(lines[i], kv, " "); pod_ip[kv[1]] = kv[2] }
  }
  $1 != "vars" && NF >= 8 {
    split($2, names, ",")
    hostname = (names[2] == "" ? "-" : names[2])
    if (hostname in pod) hostname = pod[hostname]
    addr = names[1]
    bus = addr; sub(/^.*@/, "", bus); sub(/@.*$/, "", addr)
    ip = addr; sub(/:[0-9]*$/, "", ip)
    port = addr; sub(/^.*:/, "", port)
    if (node_port != "" && (port - node_port) in pod_ip) {
      ordinal = port - node_port
      ip = pod_ip[ordinal]; port = pod_port; bus = pod_bus; hostname = prefix ordinal domain
    }
    role = ($3 ~ /master/ ? "master" : ($3 ~ /slave/ ? "replica" : "none"))
    self = ($3 ~ /myself/ ? "myself" : "-")
    health = "ok"
    if ($3 ~ /noaddr/) health = "noaddr"
    if ($3 ~ /handshake/) health = "handshake"
    if ($3 ~ /fail\?/) health = "pfail"
    else if ($3 ~ /fail/) health = "fail"
    slots = 0; first = "-"; open = "-"
    for (i = 9; i <= NF; i++) {
      if ($i ~ /^\[/) { open = "open"; continue }
      n = split($i, r, "-")
      slots += (n == 1 ? 1 : r[2] - r[1] + 1)
      if (first == "-") first = $i
    }
    print $1, (ip == "" ? "-" : ip), port, bus, hostname, role, self, health, $4, $8, slots, first, open
  }'
}

# "ORDINAL IP" of pod $1, its address now ("-" when it does not resolve).
pod_address() {
  pod_address_ip=$(resolve "$(pod_host "$1")")
  echo "$1 ${pod_address_ip:--}"
}

# The address `redis-cli --cluster` is given for the node at pod address $1: it sends CLUSTER
# MEET to the address it was given with the bus port the node announces, so with node ports
# that is the node address and node port the node announces (reachable whatever the Services'
# externalTrafficPolicy).
tool_address() {
  if [ -n "${RGEN_NODE_PORT:-}" ]; then
    echo "$(rcli "$1" config get cluster-announce-ip | sed -n 2p):$(rcli "$1" config get cluster-announce-port | sed -n 2p)"
  else
    echo "$1:$port"
  fi
}

# Whether every node agrees on the configuration, seen from node $1.
agrees() {
  cluster_tool check "$1:$port" >/dev/null 2>&1
}

# Waits (bounded) until every node agrees on the configuration (`--cluster check` passes):
# redis-cli refuses to add nodes or move slots before the last change has spread by gossip.
agree() {
  wait_until "${RGEN_SETTLE_TIMEOUT:-120}" agrees "$1" || log "nodes still disagree after ${RGEN_SETTLE_TIMEOUT:-120}s; continuing"
}

# Whether node $1 lists node $2 (by ID) as a full member: neither in handshake nor, with
# $3 = full, without an address.
lists() {
  nodes_table "$1" | awk -v id="$2" -v full="${3:-}" '$1 == id && $8 != "handshake" && (full == "" || $8 != "noaddr") { f = 1 } END { exit !f }'
}

# Whether node $1 reports cluster_state:ok.
state_ok() {
  rcli "$1" cluster info | grep -q '^cluster_state:ok'
}

# Slots stuck in migrating/importing state (seen from $1), e.g. after an interrupted rebalance.
has_open_slots() {
  nodes_table "$1" | awk '$13 == "open" { f = 1 } END { exit !f }'
}

# Whether some live master (seen from $1) holds less than half its fair share of the slots.
underfilled() {
  nodes_table "$1" | awk '$6 == "master" && $8 !~ /fail/ { count[$1] = $11; masters += 1 }
    END { for (id in count) if (count[id] * masters * 2 < 16384) { found = 1 } exit !found }'
}

# The live master (seen from $1) with the fewest replicas (ties: the lowest node ID).
neediest_master() {
  nodes_table "$1" | awk '
    $8 !~ /fail/ && $8 != "handshake" && $6 == "master" { count[$1] += 0 }
    $8 !~ /fail/ && $6 == "replica" { count[$9] += 1 }
    END { for (id in count) print count[id], id }' | sort -k1,1n -k2,2 | awk 'NR == 1 { print $2 }'
}

# Whether node $1 lists node $2 as a replica of node $3.
replicates() {
  nodes_table "$1" | awk -v id="$2" -v m="$3" '$1 == id && $6 == "replica" && $9 == m { f = 1 } END { exit !f }'
}

# The live masters in the table of $1 (empty ones included).
live_masters() {
  nodes_table "$1" | awk '$6 == "master" && $8 !~ /fail/ && $8 != "handshake"' | grep -c . || true
}

# Whether every live replica in the table of $1 has its replication link up. Valkey 8 replicates
# a slot's importing/migrating state only to replicas that are online; one that is still
# syncing misses the final SETSLOT and keeps a stale open slot (valkey-io/valkey#998), so slots
# move only once every replica is in sync.
replicas_synced() {
  for synced_ip in $(nodes_table "$1" | awk '$6 == "replica" && $8 == "ok" { print $2 }'); do
    rcli "$synced_ip" info replication | grep -q '^master_link_status:up' || return 1
  done
}

# The slot ranges node $2 owns, seen from $1, on one line (`0-5460 5462`).
slot_ranges() {
  rcli "$1" cluster nodes | awk -v id="$2" '$1 == id { r = ""; for (i = 9; i <= NF; i++) if ($i !~ /^\[/) r = r " " $i; print substr(r, 2) }'
}

# missing_ranges WANTED OWNED: the slots of the ranges WANTED that OWNED lacks, as "start end"
# pairs for CLUSTER ADDSLOTSRANGE (both lists as slot_ranges prints them).
missing_ranges() {
  awk -v want="$1" -v have="$2" 'BEGIN {
    n = split(have, h, " ")
    for (i = 1; i <= n; i++) { k = split(h[i], r, "-"); for (s = r[1]; s <= (k == 2 ? r[2] : r[1]); s++) owned[s] = 1 }
    n = split(want, w, " "); out = ""
    for (i = 1; i <= n; i++) {
      k = split(w[i], r, "-"); start = -1
      for (s = r[1]; s <= (k == 2 ? r[2] : r[1]) + 1; s++) {
        inside = s <= (k == 2 ? r[2] : r[1]) && !(s in owned)
        if (inside && start < 0) start = s
        if (!inside && start >= 0) { out = out " " start " " s - 1; start = -1 }
      }
    }
    print substr(out, 2)
  }'
}
