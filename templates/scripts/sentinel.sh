# rgen: what the scripts of a Sentinel deployment share beyond lib.sh: handing the master's role
# to an in-sync replica without losing an acknowledged write. The master's preStop hook does it
# for its own pod (handoff.sh), the drain Job of a scale-in for a master on a leaving pod
# (sentinel-drain.sh). Not run on its own.
# shellcheck shell=sh
# shellcheck disable=SC2154 # port is lib.sh's (setup_cli)

# hand_over_master ADDRESS POD_HOST WHO SECONDS: the master at ADDRESS (the Redis of pod
# POD_HOST, called WHO in the log) hands its role over within SECONDS: its writers are paused,
# the replicas catch up with every write, it steps down to follow the most advanced one (so
# there are never two masters: from then until the Sentinels promote a replica, no write is
# accepted anywhere, so every copy holds the same data), a Sentinel of another pod is asked for
# SENTINEL FAILOVER, the master follows the replica the Sentinels promote, and the writers are
# released once that runs as master (they get READONLY and re-ask the Sentinels). Succeeds once
# a replica runs as master; otherwise says why and fails, the writers released either way.
hand_over_master() {
  handover_address=$1
  handover_pod=$2
  handover_who=$3
  handover_deadline=$(($(date +%s) + $4))
  if [ -z "$(online_replicas "$(rcli "$handover_address" info replication)")" ]; then
    log "$handover_who has no online replica: it stays master (the Sentinels fail over if a replica appears)"
    return 1
  fi
  rcli "$handover_address" client pause "$(($4 * 1000))" write >/dev/null
  handover_status=0
  hand_over_paused || handover_status=$?
  rcli "$handover_address" client unpause >/dev/null
  return "$handover_status"
}

# The rest of hand_over_master, with the master's writers paused.
hand_over_paused() {
  log "writers paused on $handover_who; waiting for the replicas to have every write"
  if ! wait_until --every 0.05 "$(handover_left)" replicas_caught_up; then
    log "no replica caught up with $handover_who within the budget: it stays master"
    return 1
  fi
  handover_first=$(online_replicas "$(rcli "$handover_address" info replication)" | awk 'NR == 1 { print $1 }')
  rcli "$handover_address" replicaof "$handover_first" "$port" >/dev/null
  if asked_pod=$(find_pod sentinel_fails_over); then
    asked=$(pod_host "$asked_pod")
  else
    rcli "$handover_address" replicaof no one >/dev/null
    log "no Sentinel would fail over: $handover_who stays master"
    return 1
  fi
  log "the Sentinel on $asked fails $handover_who over"
  if ! wait_until --every 0.05 "$(handover_left)" chosen; then
    log "the Sentinels chose no replica within the budget: $handover_who stays a replica of $handover_first"
    return 1
  fi
  [ "$new" = "$handover_first" ] || rcli "$handover_address" replicaof "$new" "$port" >/dev/null
  if wait_until --every 0.1 "$(handover_left)" promoted; then
    log "$new is master now; $handover_who follows it"
    return 0
  fi
  log "$new was chosen but is not master within the budget; $handover_who follows it, the Sentinels finish the failover"
  return 1
}

# Seconds left of the handoff's budget, at least 1.
handover_left() {
  handover_s=$((handover_deadline - $(date +%s)))
  [ "$handover_s" -ge 1 ] || handover_s=1
  echo "$handover_s"
}

# Succeeds once every online replica has processed the master's whole replication stream,
# asked of the replicas themselves (the offsets the master lists are acknowledged only once a
# second).
replicas_caught_up() {
  caught_up_info=$(rcli "$handover_address" info replication)
  caught_up_offset=$(printf '%s\n' "$caught_up_info" | sed -n 's/^master_repl_offset://p')
  [ -n "$caught_up_offset" ] || return 1
  for caught_up_replica in $(online_replicas "$caught_up_info" | awk '{ print $1 }'); do
    [ "$(rcli "$caught_up_replica" info replication | sed -n 's/^slave_repl_offset://p')" = "$caught_up_offset" ] ||
      return 1
  done
}

# Whether the Sentinel of pod $1 (not the master's) accepts SENTINEL FAILOVER; says why not.
sentinel_fails_over() {
  fails_over_host=$(pod_host "$1")
  [ "$fails_over_host" != "$handover_pod" ] || return 1
  fails_over_reply=$(sentinel_cli "$fails_over_host" sentinel failover "$RGEN_MASTER_SET") || true
  [ "$fails_over_reply" = OK ] && return 0
  log "the Sentinel on $fails_over_host refused SENTINEL FAILOVER: ${fails_over_reply:-no answer}"
  return 1
}

# Succeeds once the Sentinel asked has chosen the replica it promotes (flagged "promoted"), or
# already names another master; sets $new to its host.
chosen() {
  new=$(sentinel_cli "$asked" sentinel replicas "$RGEN_MASTER_SET" |
    awk 'prev == "ip" { ip = $0 } prev == "flags" && /promoted/ { print ip; exit } { prev = $0 }')
  [ -n "$new" ] && return 0
  new=$(sentinel_master "$asked")
  [ -n "$new" ] && [ "$new" != none ] && [ "$new" != "$handover_pod" ]
}

# Succeeds once $new runs as master.
promoted() {
  [ "$(role_of "$new")" = master ]
}
