#!/bin/sh
# rgen: restore, step 1 (an init container of each Redis pod, rclone's image): the pod that
# loads a shard copies the manifest of backup RGEN_RESTORE_FROM and its shard's file from the
# S3 store into /data/restore; restore.sh checks them. Nothing to do on the other pods, or once
# the restore is done (its mark on the volume).
set -u
log_tag=rgen-restore

# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
# shellcheck source=templates/scripts/store.sh
. /conf/store.sh
require_env POD_NAME RGEN_MODE RGEN_RESTORE_FROM RGEN_S3_ENDPOINT RGEN_S3_BUCKET RGEN_S3_REGION \
  RGEN_S3_PATH_STYLE RGEN_STORE_PREFIX

fail() {
  log "FAILED: $*"
  exit 1
}

shard=$(restore_shard) || exit 0
[ ! -e "$restored_mark" ] || exit 0
# A volume with data: restore.sh refuses it; nothing to fetch.
! volume_data >/dev/null || exit 0
setup_rclone
id=$RGEN_RESTORE_FROM
mkdir -p /data/restore
rm -f /data/restore/*
rclone_run copyto "$(remote "$id")/manifest.json" /data/restore/manifest.json 2>/tmp/rclone.log ||
  fail "backup $id has no manifest in $(remote "$id"): it is incomplete or does not exist, and is never restored"
rclone_run copyto "$(remote "$id")/shard-$shard.rdb" "/data/restore/shard-$shard.rdb" 2>/tmp/rclone.log ||
  fail "backup $id has no file for shard $shard in $(remote "$id")"
log "fetched shard $shard of backup $id from $(remote "$id")"
