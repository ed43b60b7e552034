#!/bin/sh
# rgen: restore, step 2 (an init container of each Redis pod, the Redis image). The pod that
# loads a shard (store.sh, restore_shard) checks the backup before Redis ever starts, and
# refuses, naming the shard, when any check fails: the pod does not start, so no pod serves
# data. The checks: the volume holds no data yet (a restore goes into a new deployment); the
# backup has a manifest (a complete backup) of this mode; as many shards as cluster.masters;
# the shard's file has the manifest's SHA-256; the engine's own RDB checker reads it whole (an
# RDB version newer than this image can load fails here) and counts the manifest's keys.
# Then the file becomes /data/dump.rdb, with the shard's slot ranges beside it for start-node.sh,
# and the restore's mark is written last.
set -u
log_tag=rgen-restore

# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
# shellcheck source=templates/scripts/store.sh
. /conf/store.sh
require_env POD_NAME RGEN_MODE RGEN_RESTORE_FROM RGEN_RESTORE_DIR
setup_cli
need_server

fail() {
  log "REFUSED: $*"
  exit 1
}

shard=$(restore_shard) || {
  log "$POD_NAME loads no shard: it starts empty and replicates"
  exit 0
}
id=$RGEN_RESTORE_FROM
if [ -e "$restored_mark" ]; then
  log "backup $(cat "$restored_mark") was restored on this volume already"
  exit 0
fi
if existing=$(volume_data); then
  fail "shard $shard: this pod's volume already holds data ($existing): a restore goes into a new deployment with empty volumes; nothing was changed"
fi
manifest="$RGEN_RESTORE_DIR/manifest.json"
[ -f "$manifest" ] ||
  fail "backup $id has no manifest ($manifest): it is incomplete or does not exist, and is never restored"
mode=$(manifest_field "$manifest" mode)
[ "$mode" = "$RGEN_MODE" ] || fail "backup $id is of a $mode deployment, this one runs in $RGEN_MODE mode"
count=$(manifest_shards "$manifest")
if [ "$RGEN_MODE" = cluster ]; then
  [ "$count" -eq "$RGEN_MASTERS" ] ||
    fail "backup $id has $count shards, this deployment has cluster.masters: $RGEN_MASTERS; restore into as many masters as shards, then scale"
fi
file="$RGEN_RESTORE_DIR/$(manifest_shard "$manifest" "$shard" file)"
[ -f "$file" ] || fail "shard $shard: $file is missing"
want=$(manifest_shard "$manifest" "$shard" sha256)
got=$(sha256sum "$file" | cut -d' ' -f1)
[ "$got" = "$want" ] || fail "shard $shard: $file has SHA-256 $got, the manifest says $want: the file is corrupt"
setup_checker
if ! "$checker" "$file" >/tmp/rgen-check.log 2>&1; then
  fail "shard $shard: this image's engine cannot load $file (RDB version $(manifest_field "$manifest" rdbVersion), written by $(manifest_field "$manifest" engine) $(manifest_field "$manifest" version)): $(checker_error /tmp/rgen-check.log)"
fi
keys=$(checker_keys /tmp/rgen-check.log)
want_keys=$(manifest_shard "$manifest" "$shard" keys)
[ "$keys" = "$want_keys" ] || fail "shard $shard: $file holds $keys keys, the manifest says $want_keys"
if ! { cp "$file" /data/dump.rdb.rgen-tmp && mv -f /data/dump.rdb.rgen-tmp /data/dump.rdb; }; then
  fail "cannot write /data/dump.rdb"
fi
if [ "$RGEN_MODE" = cluster ]; then
  manifest_shard "$manifest" "$shard" slots >/data/restore-slots
fi
rm -rf /data/restore
echo "$id" >"$restored_mark"
log "shard $shard of backup $id ($keys keys, SHA-256 checked) is this pod's data; Redis loads it at start"
