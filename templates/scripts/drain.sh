# rgen: scale-in and forgetting nodes, for the bootstrap Job (sourced by bootstrap.sh, after
# cluster.sh; it uses the Job's fail, ip_of, id_of, all_ok, slot_move_round and settings).
# Sourcing it only defines functions.
#
# Pods from ordinal $keep on are leaving (RGEN_KEEP_PODS, set while cluster.drainFrom is);
# the others are kept. reshape makes the kept pods the configured cluster:
#   1. a master on a leaving pod hands its role to an in-sync replica on a kept pod (no key moves);
#   2. the configured number of masters is kept (those on kept pods with the most slots); the
#      other shards move their slots, with their keys, onto them (rebalance, weight 0), while
#      clients follow ASK/MOVED;
#   3. every other kept node becomes a replica, spread so each kept master has its replicas;
#   4. each leaving node, empty of slots, is reset (a new ID, no data, knows nobody) and every
#      kept node forgets it: the leaving pods hold no key and the StatefulSet can shrink.
# forget_replaced and forget_removed drop node IDs that can never return; forget_removed
# refuses, before anything changes, a StatefulSet that shrank under nodes that still own slots
# (a scale-in that skipped the drain).
# shellcheck shell=sh
# shellcheck disable=SC2154 # port (lib.sh), keep, masters, replicas, pods, state (bootstrap.sh)

# nodes_by_pod HOST: nodes_table of HOST plus a 14th column, the ordinal of the pod whose DNS
# name the node announces (-1 when it names no pod of this StatefulSet).
nodes_by_pod() {
  nodes_table "$1" | awk -v prefix="$RGEN_STATEFULSET-" -v suffix=".$RGEN_PEER_DOMAIN" '{
    o = -1; h = $5
    if (index(h, prefix) == 1 && length(h) > length(prefix) + length(suffix) &&
        substr(h, length(h) - length(suffix) + 1) == suffix) {
      n = substr(h, length(prefix) + 1, length(h) - length(prefix) - length(suffix))
      if (n ~ /^[0-9]+$/) o = n + 0
    }
    print $0, o
  }'
}

# Forgets node $1 on pod $2.
forget_on() {
  rcli "$(ip_of "$2")" cluster forget "$1" >/dev/null
}

# Node IDs in the table of $1 whose hostname now belongs to a pod with another ID: that pod
# lost its data and came back as a new node, so the old ID can never return. Forgotten on every
# node, but only once it owns no slots (a dead master first loses them to failover); a live
# node is never forgotten.
forget_replaced() {
  nodes_table "$1" | awk '$7 != "myself" && $11 == 0 && $13 != "open" && $5 != "-" { print $1, $5 }' |
    while read -r forget_old forget_host; do
      forget_pod=$(find_pod is_pod_named "$forget_host") || continue
      if [ "$(id_of "$forget_pod")" != "$forget_old" ]; then
        log "forgetting $forget_old: $forget_host came back as $(id_of "$forget_pod")"
        for_each_pod forget_on "$forget_old"
      fi
    done
}

# Refuses (exit 1, nothing forgotten) when a node of a pod beyond the StatefulSet's size owns
# slots: its keys left with the pod. Otherwise forgets such nodes on every pod.
forget_removed() {
  removed=$(nodes_by_pod "$1" | awk -v pods="$pods" '$14 >= pods { print $1, $14, $11 }')
  [ -n "$removed" ] || return 0
  owners=$(printf '%s\n' "$removed" | awk '$3 > 0 { print $1, $2 }')
  if [ -n "$owners" ]; then
    needed=$(printf '%s\n' "$removed" | awk 'BEGIN { n = 0 } $2 + 1 > n { n = $2 + 1 } END { print n }')
    printf '%s\n' "$owners" | while read -r owner ordinal; do
      log "$RGEN_STATEFULSET-$ordinal is gone but its node $owner still owns slots $(slot_ranges "$1" "$owner")"
    done
    fail "the StatefulSet shrank to $pods pods before its leaving nodes were drained: the slots above have no server. Nothing was forgotten and the removed pods' claims keep their data. To recover: apply the previous size again (at least $needed pods) so the pods return with their data, then scale in with a drain (cluster.drainFrom, docs/cluster.md)"
  fi
  printf '%s\n' "$removed" | while read -r gone ordinal _; do
    log "forgetting $gone: $RGEN_STATEFULSET-$ordinal was removed (it owned no slots)"
    for_each_pod forget_on "$gone"
  done
}

# Whether the Redis at $1 runs as master.
runs_as_master() {
  [ "$(role_of "$1")" = master ]
}

# 1. Masters with slots on leaving pods hand over to an online replica on a kept pod.
hand_over_leaving() {
  handing=$(nodes_by_pod "$1" | awk -v keep="$keep" '$6 == "master" && $11 > 0 && $14 >= keep { print $1 }')
  for handing_id in $handing; do
    heir=$(nodes_by_pod "$1" | awk -v m="$handing_id" -v keep="$keep" \
      '$6 == "replica" && $9 == m && $8 == "ok" && $14 >= 0 && $14 < keep { print $2; exit }')
    if [ -z "$heir" ]; then
      log "master $handing_id has no replica on a kept pod: its slots move instead"
      continue
    fi
    log "master $handing_id is on a leaving pod: its replica $heir takes over (CLUSTER FAILOVER)"
    rcli "$heir" cluster failover >/dev/null
    wait_until "$settle_timeout" runs_as_master "$heir" || fail "$heir did not take over from $handing_id within ${settle_timeout}s"
    # The next steps read the entry's table: wait until it shows the new master with the slots.
    wait_until "$settle_timeout" serves_slots "$1" "$heir" || log "$1 does not list $heir as master yet; continuing"
  done
  [ -z "$handing" ] || agree "$1"
}

# The number of its arguments.
words() {
  echo "$#"
}

# Whether node $1 lists the node at address $2 as a master with slots.
serves_slots() {
  nodes_table "$1" | awk -v ip="$2" '$2 == ip && $6 == "master" && $11 > 0 { f = 1 } END { exit !f }'
}

# The IDs of the masters to keep: on kept pods, with slots, the most slots first.
kept_masters() {
  nodes_by_pod "$1" | awk -v keep="$keep" '$6 == "master" && $11 > 0 && $8 !~ /fail/ && $14 >= 0 && $14 < keep { print $11, $14, $1 }' |
    sort -k1,1nr -k2,2n | head -n "$masters" | awk '{ print $3 }'
}

# The masters with slots that are not kept ($2: the kept IDs).
masters_to_empty() {
  nodes_by_pod "$1" | awk -v kept=" $2 " '$6 == "master" && $11 > 0 && index(kept, " " $1 " ") == 0 { print $1 }'
}

# 2. Moves every slot of the masters not kept onto the kept ones, evenly.
empty_extra_masters() {
  kept=$(kept_masters "$1" | tr '\n' ' ')
  # shellcheck disable=SC2086 # one word per ID
  kept_count=$(words $kept)
  [ "$kept_count" -eq "$masters" ] ||
    fail "only $kept_count shard(s) have a master on the kept pods 0..$((keep - 1)), $masters needed"
  empty_tries=0
  while emptied=$(masters_to_empty "$1" "$kept") && [ -n "$emptied" ] || has_open_slots "$1"; do
    empty_tries=$((empty_tries + 1))
    [ "$empty_tries" -le 10 ] || fail "could not move the slots of $emptied"
    # shellcheck disable=SC2046,SC2086 # one word per ID, one id=0 word per emptied master
    slot_move_round "$1" "the slots of $(words $emptied) master(s) onto the $masters kept" \
      --cluster-weight $(printf '%s=0 ' $emptied)
  done
  printf '%s\n' "$kept" >"$state/kept"
}

# "ip master-id" for each kept node that must replicate another master: every kept node that
# is not a kept master ends as a replica of one, $replicas each.
replica_moves() {
  nodes_by_pod "$1" | sort -k14,14n | awk -v keep="$keep" -v kept=" $2 " -v want="$replicas" '
    $14 < 0 || $14 >= keep || $8 ~ /fail/ { next }
    index(kept, " " $1 " ") { count[$1] += 0; next }
    { nodes[++n] = $0 }
    END {
      for (i = 1; i <= n; i++) {
        split(nodes[i], f, " ")
        if (f[6] == "replica" && (f[9] in count) && count[f[9]] < want) count[f[9]] += 1
        else movers[++m] = f[2]
      }
      for (i = 1; i <= m; i++) {
        best = ""
        for (id in count) if (best == "" || count[id] < count[best] || (count[id] == count[best] && id < best)) best = id
        count[best] += 1
        print movers[i], best
      }
    }'
}

# 3. Kept nodes that are not kept masters replicate the kept masters, evenly.
spread_replicas() {
  kept=$(cat "$state/kept")
  replica_moves "$1" "$kept" | while read -r mover target; do
    log "$mover replicates $target (CLUSTER REPLICATE)"
    reply=$(rcli "$mover" cluster replicate "$target")
    [ "$reply" = OK ] || fail "$mover could not replicate $target: $reply"
  done
  agree "$1"
  wait_until "$settle_timeout" replicas_synced "$1" || log "replicas still syncing after ${settle_timeout}s; continuing"
}

# 4. Resets each leaving node that is still a member (it must own no slot, and a master no
#    key), then every kept node forgets it. A reset node has a new ID, no data and no peers.
isolate_leaving() {
  leaving=$(nodes_by_pod "$1" | awk -v keep="$keep" '$14 >= keep { print $1, $2, $14 }')
  [ -n "$leaving" ] || return 0
  printf '%s\n' "$leaving" | while read -r id ip ordinal; do
    # Its own view, not the entry's (gossip may lag a failover by a moment).
    slots=$(nodes_table "$ip" | awk '$7 == "myself" { print $11 }')
    [ "${slots:-0}" -eq 0 ] || fail "$RGEN_STATEFULSET-$ordinal ($id) still owns $slots slots"
    role=$(role_of "$ip")
    keys=$(rcli "$ip" dbsize)
    [ "$role" = slave ] || [ "$keys" = 0 ] || fail "$RGEN_STATEFULSET-$ordinal ($id) owns no slot but holds $keys keys"
    log "resetting $RGEN_STATEFULSET-$ordinal ($role $id): it leaves the cluster with no key"
    reply=$(rcli "$ip" cluster reset hard)
    [ "$reply" = OK ] || fail "CLUSTER RESET HARD on $RGEN_STATEFULSET-$ordinal: $reply"
    rcli "$ip" flushall >/dev/null
    rcli "$ip" save >/dev/null
  done
  printf '%s\n' "$leaving" | while read -r id _; do
    for_each_pod forget_kept "$id"
  done
}

# Forgets node $1 on pod $2 when the pod is kept.
forget_kept() {
  [ "$2" -ge "$keep" ] || forget_on "$1" "$2"
}

# Whether the leaving pod $1 holds no key and knows no other node (its Redis answers).
left_empty() {
  [ "$1" -ge "$keep" ] || return 0
  left_keys=$(rcli "$(ip_of "$1")" dbsize)
  left_known=$(rcli "$(ip_of "$1")" cluster info | sed -n 's/^cluster_known_nodes://p')
  if [ "$left_keys" = 0 ] && [ "$left_known" = 1 ]; then
    log "$RGEN_STATEFULSET-$1: drained (0 keys, in no cluster)"
    return 0
  fi
  fail "$RGEN_STATEFULSET-$1 is not drained: $left_keys keys, knows $left_known nodes"
}

# Steps 1-4; does nothing when the kept pods already are the configured cluster.
reshape() {
  serving=$(nodes_by_pod "$1" | awk '$6 == "master" && $11 > 0' | grep -c . || true)
  members_leaving=$(nodes_by_pod "$1" | awk -v keep="$keep" '$14 >= keep' | grep -c . || true)
  if [ "$keep" -lt "$pods" ]; then
    log "draining $RGEN_STATEFULSET-$keep .. $RGEN_STATEFULSET-$((pods - 1)) onto $masters masters x $replicas replicas"
  elif [ "$serving" -le "$masters" ]; then
    return 0
  else
    log "$serving masters serve slots, $masters configured: emptying the others"
  fi
  if [ "$members_leaving" -gt 0 ] || [ "$serving" -gt "$masters" ]; then
    all_ok "$1"
    wait_until "$settle_timeout" replicas_synced "$1" || log "replicas still syncing after ${settle_timeout}s; continuing"
    hand_over_leaving "$1"
    empty_extra_masters "$1"
    spread_replicas "$1"
    isolate_leaving "$1"
  fi
  for_each_pod left_empty
}
