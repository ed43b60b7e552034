# rgen: joining the masters a restore loaded, for the bootstrap Job (sourced by bootstrap.sh,
# after cluster.sh; it uses the Job's fail, ip_of and settings). Sourcing it only defines
# functions.
#
# A restore (restore.sh, start-node.sh) leaves each of pods 0 .. masters-1 with its shard's
# data and slot ranges, knowing no other node. Such lone slot owners exist only after a
# restore: once they own all 16384 slots between them they meet, and the bootstrap Job goes on
# as for any existing cluster (the empty pods join as replicas).
# shellcheck shell=sh
# shellcheck disable=SC2154 # port (lib.sh), wait_timeout (bootstrap.sh)

# "ordinal slots bus-port" of pod $1 when it owns slots and knows no other node.
lone_owner() {
  lone_table=$(nodes_table "$(ip_of "$1")")
  [ "$(printf '%s\n' "$lone_table" | grep -c .)" -eq 1 ] || return 0
  printf '%s\n' "$lone_table" | awk -v p="$1" '$11 > 0 { print p, $11, $4 }'
}

# Succeeds once the lone slot owners own all 16384 slots; they are in $lone.
restored_whole() {
  lone=$(for_each_pod lone_owner)
  [ "$(printf '%s\n' "$lone" | awk '{ s += $2 } END { print s + 0 }')" -eq 16384 ]
}

# Joins the restored masters, if there are any.
meet_restored() {
  [ -n "$(for_each_pod lone_owner)" ] || return 0
  log "restored masters found: waiting until they own all 16384 slots between them"
  if ! wait_until --every 2 "$wait_timeout" restored_whole; then
    fail "the restored masters own $(printf '%s\n' "$lone" | awk '{ s += $2 } END { print s + 0 }') of 16384 slots after ${wait_timeout}s (a shard pod did not load its backup?)"
  fi
  meet_first=$(printf '%s\n' "$lone" | awk 'NR == 1 { print $1 }')
  printf '%s\n' "$lone" | while read -r meet_p _ meet_bus; do
    [ "$meet_p" != "$meet_first" ] || continue
    log "restore: $RGEN_STATEFULSET-$meet_p meets $RGEN_STATEFULSET-$meet_first"
    rcli "$(ip_of "$meet_first")" cluster meet "$(ip_of "$meet_p")" "$port" "$meet_bus" >/dev/null
  done
  agree "$(ip_of "$meet_first")"
}
