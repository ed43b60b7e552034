# rgen: the backup store, for the scripts of backups and restores (backup.sh, backup-upload.sh,
# restore-fetch.sh, restore.sh). Sourced after lib.sh; sourcing it only defines functions.
#
# A store holds one folder per backup, named by the UTC time it started (20261203T031700Z),
# under RGEN_STORE_PREFIX: the shards' RDB files, then manifest.json, written last. A folder
# without a manifest is incomplete: never restored, never counted by retention.
# S3 goes through rclone (its official image), configured from the environment of its own
# process only: the credentials are files of a Secret (/s3), never a container's environment.
# shellcheck shell=sh
# shellcheck disable=SC2154 # server is lib.sh's (setup_cli)

s3_dir=/s3
s3_ca_dir=/s3-ca
# Written last by a restore, on the volume of a pod that loaded a shard: it is never loaded twice.
# shellcheck disable=SC2034 # read by the scripts that source this file
restored_mark=/data/rgen-restored

# The first file of data on this pod's volume (a restore never overwrites one), if any.
volume_data() {
  for volume_file in dump.rdb nodes.conf appendonlydir appendonly.aof; do
    if [ -e "/data/$volume_file" ]; then
      echo "/data/$volume_file"
      return 0
    fi
  done
  return 1
}

# The engine's RDB checker is its server binary under another name: links it in /tmp and sets
# $checker (lib.sh's setup_cli and need_server first).
setup_checker() {
  mkdir -p /tmp/rgen-check
  checker="/tmp/rgen-check/$(basename "$server" | sed 's/-server$//')-check-rdb"
  ln -sf "$server" "$checker"
}

# The keys the RDB checker counted, from its output $1.
checker_keys() {
  sed -n 's/^\[info\] \([0-9]*\) keys read$/\1/p' "$1"
}

# The RDB checker's error in its output $1 (e.g. "Can't handle RDB format version 11").
checker_error() {
  grep -v -e '^\[info\]' -e '^\[additional info\]' -e '^---' -e 'Checking RDB file' "$1" | tail -n 1 |
    sed 's/^\[offset [0-9]*\] //'
}

# The shard this pod loads in a restore: pods 0 .. masters-1 in cluster mode (shard N on pod N,
# the shards in slot order), pod 0 in Sentinel mode; fails on the other pods.
restore_shard() {
  restore_ordinal=${POD_NAME##*-}
  if [ "$RGEN_MODE" = sentinel ]; then
    [ "$restore_ordinal" -eq 0 ] || return 1
  else
    [ "$restore_ordinal" -lt "$RGEN_MASTERS" ] || return 1
  fi
  echo "$restore_ordinal"
}

# Prepares rclone's environment for S3 (RGEN_S3_*), the keys read from their files.
setup_rclone() {
  for setup_key in access-key-id secret-access-key; do
    [ -r "$s3_dir/$setup_key" ] || {
      log "cannot read $s3_dir/$setup_key (the S3 credentials Secret)"
      exit 1
    }
  done
  RCLONE_S3_ACCESS_KEY_ID=$(cat "$s3_dir/access-key-id")
  RCLONE_S3_SECRET_ACCESS_KEY=$(cat "$s3_dir/secret-access-key")
  RCLONE_S3_PROVIDER=Other
  RCLONE_S3_ENDPOINT=$RGEN_S3_ENDPOINT
  RCLONE_S3_REGION=$RGEN_S3_REGION
  RCLONE_S3_FORCE_PATH_STYLE=$RGEN_S3_PATH_STYLE
  RCLONE_CONFIG=/tmp/rclone.conf
  HOME=/tmp
  export RCLONE_S3_ACCESS_KEY_ID RCLONE_S3_SECRET_ACCESS_KEY RCLONE_S3_PROVIDER RCLONE_S3_ENDPOINT \
    RCLONE_S3_REGION RCLONE_S3_FORCE_PATH_STYLE RCLONE_CONFIG HOME
  rclone_flags=""
  [ ! -r "$s3_ca_dir/ca.crt" ] || rclone_flags="--ca-cert $s3_ca_dir/ca.crt"
}

# rclone ARGS...: rclone with the store's flags, quiet unless it fails.
rclone_run() {
  # shellcheck disable=SC2086 # empty, or the CA flag and its file
  rclone $rclone_flags --retries 3 --low-level-retries 3 "$@"
}

# The remote path of the store's prefix, or of backup $1 under it.
remote() {
  echo ":s3:$RGEN_S3_BUCKET/$RGEN_STORE_PREFIX${1:+/$1}"
}

# The complete backups (folders with a manifest) in the local store directory $1, oldest first.
complete_in_dir() {
  for complete_manifest in "$1"/*/manifest.json; do
    [ -f "$complete_manifest" ] || continue
    complete_id=${complete_manifest%/manifest.json}
    echo "${complete_id##*/}"
  done | sort
}

# The complete backups in the S3 store, oldest first.
complete_in_s3() {
  rclone_run lsf --files-only -R --include '/*/manifest.json' "$(remote "")" | sed -n 's|^\([^/]*\)/manifest\.json$|\1|p' | sort
}

# The backups beyond the newest $RGEN_KEEP of the complete ones listed on stdin.
beyond_kept() {
  awk -v keep="$RGEN_KEEP" '{ id[NR] = $0 } END { for (i = 1; i <= NR - keep; i++) print id[i] }'
}

# manifest_field FILE NAME: a top-level string or number of a manifest (one field per line).
manifest_field() {
  sed -n "s/^  \"$2\": \"*\([^\",]*\)\"*,*\$/\1/p" "$1" | sed -n 1p
}

# manifest_shard FILE N NAME: field NAME of shard N (each shard is one line of the manifest).
manifest_shard() {
  sed -n "s/^.*{\"shard\": $2, .*\"$3\": \"*\([^\",}]*\)\"*[,}].*\$/\1/p" "$1" | sed -n 1p
}

# The number of shards in manifest $1.
manifest_shards() {
  grep -c '{"shard": ' "$1" || true
}
