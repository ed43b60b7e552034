#!/bin/sh
# rgen: the backup CronJob's upload container (rclone's image). Copies the folder backup.sh
# wrote (/work/<id>) to the S3 store, the shards first and manifest.json last, checks that every
# file arrived whole, then deletes the complete backups beyond the newest RGEN_KEEP. A run that
# fails leaves, at worst, a folder without a manifest: incomplete, never restored nor counted.
set -u
log_tag=rgen-upload

# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
# shellcheck source=templates/scripts/store.sh
. /conf/store.sh
require_env RGEN_S3_ENDPOINT RGEN_S3_BUCKET RGEN_S3_REGION RGEN_S3_PATH_STYLE RGEN_STORE_PREFIX RGEN_KEEP
setup_rclone

fail() {
  log "FAILED: $*"
  exit 1
}

work=/work
set -- "$work"/*/manifest.json
[ -f "$1" ] || fail "no complete backup in $work (the backup container failed?)"
[ "$#" -eq 1 ] || fail "more than one backup in $work"
local_dir=${1%/manifest.json}
id=${local_dir##*/}
started=$(date +%s)
rclone_run copy "$local_dir" "$(remote "$id")" --exclude manifest.json ||
  fail "uploading backup $id to $(remote "$id") failed"
rclone_run check "$local_dir" "$(remote "$id")" --exclude manifest.json --one-way ||
  fail "backup $id: the uploaded files differ from the ones taken"
rclone_run copyto "$local_dir/manifest.json" "$(remote "$id")/manifest.json" ||
  fail "uploading the manifest of backup $id failed (the backup stays incomplete)"
log "backup $id uploaded to $(remote "$id") in $(($(date +%s) - started))s"
kept=$(complete_in_s3) || fail "cannot list the backups in $(remote "")"
for old in $(printf '%s\n' "$kept" | beyond_kept); do
  log "retention (keep $RGEN_KEEP): deleting backup $old"
  rclone_run purge "$(remote "$old")" || fail "could not delete backup $old"
done
