#!/bin/sh
# rgen: one backup run (the backup CronJob's first container). For each shard it takes an RDB
# over the replication protocol (`redis-cli --rdb`) from an in-sync replica where there is one,
# else from the master, checks it with the engine's own RDB checker (the key count, and that
# the file is whole), and writes into RGEN_BACKUP_DIR/<id>/, last, manifest.json: the time, the
# engine and its version, the RDB version, and per shard its slot ranges, keys, size and
# SHA-256. Sentinel mode has one shard, from a replica. A shard that cannot be taken, or whose
# slots moved while it was taken (a failover, a migration), fails the run, naming it.
# With a claim store it then deletes the complete backups beyond the newest RGEN_KEEP; with S3
# the upload container copies the folder and does that.
# RGEN_SOURCE_NODES (hosts of a Redis Cluster rgen did not deploy) backs that cluster up instead.
set -u
log_tag=rgen-backup

# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
# shellcheck source=templates/scripts/cluster.sh
. /conf/cluster.sh
# shellcheck source=templates/scripts/store.sh
. /conf/store.sh
require_env RGEN_MODE RGEN_BACKUP_DIR RGEN_STORE
setup_cli
need_server

fail() {
  log "FAILED: $*"
  exit 1
}

id=$(date -u +%Y%m%dT%H%M%SZ)
dir="$RGEN_BACKUP_DIR/$id"
mkdir -p "$dir" || fail "cannot create $dir"
started=$(date +%s)

setup_checker

# The hosts to ask for the topology: the source cluster's, or this StatefulSet's pods.
candidates() {
  if [ -n "${RGEN_SOURCE_NODES:-}" ]; then
    # shellcheck disable=SC2086 # one host per word
    printf '%s\n' $RGEN_SOURCE_NODES
  else
    for_each_pod pod_host
  fi
}

# The first candidate that answers PING.
any_entry() {
  for entry_host in $(candidates); do
    [ "$(rquery "$entry_host" "$port" ping)" != PONG ] || {
      echo "$entry_host"
      return 0
    }
  done
  return 1
}

# Whether the Redis on $1 is a replica whose link is up and not syncing.
in_sync() {
  in_sync_info=$(rcli "$1" info replication)
  printf '%s\n' "$in_sync_info" | grep -q '^master_link_status:up' &&
    printf '%s\n' "$in_sync_info" | grep -q '^master_sync_in_progress:0'
}

# take FILE HOST: an RDB of the Redis on HOST into FILE; prints "keys rdb-version". Its logs
# are FILE.log and FILE.check (several run at once).
take() {
  rm -f "$1"
  redis_cli -h "$2" -p "$port" --rdb "$1" >"$1.log" 2>&1 || {
    log "$(tr -d '\r' <"$1.log" | tail -n 3)"
    return 1
  }
  [ -s "$1" ] || return 1
  "$checker" "$1" >"$1.check" 2>&1 || {
    log "the RDB checker rejects it: $(checker_error "$1.check")"
    return 1
  }
  take_keys=$(checker_keys "$1.check")
  take_version=$(head -c 9 "$1" | tail -c 4)
  rm -f "$1.log" "$1.check"
  # "0010" is RDB version 10 (a leading 1 keeps the shell from reading octal).
  echo "${take_keys:-0} $((1$take_version - 10000))"
}

# Takes every planned shard at once (each `--rdb` may wait out the source's
# repl-diskless-sync-delay; in parallel the run waits once), then checks each. The plan, on
# stdin: "shard source role ranges" per line. Prints the manifest's shard lines.
take_all() {
  plan=$(cat)
  # A here-document, not a pipe: the loop runs in this shell, so `wait` waits for the takes.
  while read -r n from _ _; do
    { take "$dir/shard-$n.rdb" "$from" >"$dir/.taken-$n" || rm -f "$dir/.taken-$n"; } &
  done <<PLAN
$plan
PLAN
  wait
  printf '%s\n' "$plan" | while read -r n from role ranges; do
    [ -s "$dir/.taken-$n" ] || fail "shard $n${ranges:+ (slots $ranges)}: no RDB from $from ($role)"
    taken=$(cat "$dir/.taken-$n")
    rm -f "$dir/.taken-$n"
    if [ -n "$ranges" ]; then
      now=$(slot_ranges "$entry" "$(nodes_table "$entry" | awk -v first="${ranges%% *}" '$6 == "master" && $12 == first { print $1; exit }')")
      [ "$now" = "$ranges" ] ||
        fail "shard $n: its slots changed while it was taken (a failover or a migration): were $ranges, now ${now:-not served}"
    fi
    [ "$n" -eq 0 ] || echo ","
    printf '    {"shard": %s, "file": "shard-%s.rdb", "slots": "%s", "keys": %s, "bytes": %s, "sha256": "%s", "from": "%s", "role": "%s"}' \
      "$n" "$n" "$ranges" "${taken% *}" "$(wc -c <"$dir/shard-$n.rdb" | tr -d ' ')" \
      "$(sha256sum "$dir/shard-$n.rdb" | cut -d' ' -f1)" "$from" "$role"
    echo "${taken#* }" >"$dir/.rdb-version"
    log "shard $n: ${ranges:+slots $ranges, }${taken% *} keys from $from ($role)"
  done
}

# Cluster mode: one shard per master that owns slots, in slot order, each from an in-sync
# replica where there is one.
cluster_plan() {
  table=$(nodes_table "$entry")
  owned=$(printf '%s\n' "$table" | awk '$6 == "master" && $11 > 0 && $8 !~ /fail/ { s += $11 } END { print s + 0 }')
  [ "$owned" -eq 16384 ] || fail "only $owned of 16384 slots have a healthy master: back up a healthy cluster"
  printf '%s\n' "$table" | awk '$6 == "master" && $11 > 0 && $8 !~ /fail/ { split($12, r, "-"); print r[1], $1, $2 }' |
    sort -n | awk '{ print $2, $3 }' | {
    n=0
    while read -r master_id master_ip; do
      from=$master_ip
      role=master
      for replica_ip in $(printf '%s\n' "$table" | awk -v m="$master_id" '$6 == "replica" && $9 == m && $8 == "ok" { print $2 }'); do
        if in_sync "$replica_ip"; then
          from=$replica_ip
          role=replica
          break
        fi
      done
      echo "$n $from $role $(slot_ranges "$entry" "$master_id")"
      n=$((n + 1))
    done
  }
}

# Sentinel mode: one shard, from an in-sync replica of the master the Sentinels name.
sentinel_plan() {
  master=$(for_each_pod sentinel_answer | grep -v '^none$' | sed -n 1p)
  [ -n "$master" ] || fail "no Sentinel names a master"
  from=$master
  role=master
  for replica in $(online_replicas "$(rcli "$master" info replication)" | awk '{ print $1 }'); do
    if in_sync "$replica"; then
      from=$replica
      role=replica
      break
    fi
  done
  echo "0 $from $role"
}

log "backup $id into $RGEN_STORE"
if [ "$RGEN_MODE" = sentinel ]; then
  plan=$(sentinel_plan) || exit 1
else
  entry=$(any_entry) || fail "no node answers (tried: $(candidates | tr '\n' ' '))"
  plan=$(cluster_plan) || exit 1
fi
shards=$(printf '%s\n' "$plan" | take_all) || exit 1
source_host=$(printf '%s\n' "$shards" | sed -n 's/.*"from": "\([^"]*\)".*/\1/p' | sed -n 1p)
info=$(rcli "$source_host" info server)
version=$(printf '%s\n' "$info" | sed -n 's/^valkey_version:\(.*\)$/\1/p')
engine=valkey
if [ -z "$version" ]; then
  version=$(printf '%s\n' "$info" | sed -n 's/^redis_version:\(.*\)$/\1/p')
  engine=redis
fi
{
  echo "{"
  echo "  \"format\": 1,"
  echo "  \"id\": \"$id\","
  echo "  \"time\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"mode\": \"$RGEN_MODE\","
  echo "  \"engine\": \"$engine\","
  echo "  \"version\": \"$version\","
  echo "  \"rdbVersion\": $(cat "$dir/.rdb-version"),"
  echo "  \"seconds\": $(($(date +%s) - started)),"
  echo "  \"shards\": ["
  printf '%s\n' "$shards"
  echo "  ]"
  echo "}"
} >"$dir/manifest.json.tmp" || fail "cannot write the manifest"
rm -f "$dir/.rdb-version"
mv -f "$dir/manifest.json.tmp" "$dir/manifest.json"
log "backup $id complete: $(manifest_shards "$dir/manifest.json") shard(s), $(du -sk "$dir" | cut -f1) KiB in $(($(date +%s) - started))s"
if [ "$RGEN_STORE" = claim ]; then
  for old in $(complete_in_dir "$RGEN_BACKUP_DIR" | beyond_kept); do
    log "retention (keep $RGEN_KEEP): deleting backup $old"
    rm -rf "${RGEN_BACKUP_DIR:?}/$old"
  done
fi
