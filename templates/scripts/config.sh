# rgen: what the start scripts and the exporters' init container need to write runtime
# configuration: the password as redis.conf and JSON strings, the directives that give Redis its
# password, files only this user reads, and certificate reloads. Sourced after lib.sh (which it
# uses); sourcing it only defines functions.
# shellcheck shell=sh
# shellcheck disable=SC2154 # auth_dir and tls_dir are lib.sh's

# The passwords accepted besides REDISCLI_AUTH during a rotation (the Secret keys of
# auth.existingSecret.alsoAcceptKeys, mounted as also-accept-0..3), one per line.
also_accepted() {
  for file in "$auth_dir"/also-accept-*; do
    if [ -e "$file" ]; then
      cat "$file"
      echo
    fi
  done
}

# Sets $quoted to the password (REDISCLI_AUTH, from the Secret) as a redis.conf string, empty
# without one. A line break could inject directives, so it stops the script instead: call it at
# the top level of a script, never in a pipeline or command substitution.
quote_password() {
  for file in "$auth_dir"/password "$auth_dir"/also-accept-*; do
    if [ -e "$file" ] && [ "$(wc -l <"$file")" -gt 0 ]; then
      log "a password ($file) contains a line break; refusing to start"
      exit 1
    fi
  done
  quoted=$(printf '%s' "${REDISCLI_AUTH:-}" | sed 's/[\\"]/\\&/g')
}

# json_string TEXT: TEXT as a JSON string, quotes included: `"` and `\` escaped, every control
# character (tab, line breaks, ...) as \u00XX. Byte by byte, so any UTF-8 passes unchanged.
json_string() {
  printf '%s' "$1" | od -An -v -tu1 | LC_ALL=C awk '
    BEGIN { printf "\"" }
    { for (i = 1; i <= NF; i++) {
        b = $i + 0
        if (b == 34) printf "\\\""
        else if (b == 92) printf "\\\\"
        else if (b < 32 || b == 127) printf "\\u%04x", b
        else printf "%c", b
    } }
    END { printf "\"" }'
}

# The hex SHA-256 of $1, as ACL rules take a password without writing it in clear.
password_hash() {
  printf '%s' "$1" | sha256sum | cut -c1-64
}

# The directive that makes clients authenticate: requirepass, or during a rotation an ACL rule
# for the default user that accepts every password (as SHA-256), with the same rights.
client_auth() {
  extra=$(also_accepted)
  if [ -z "$extra" ]; then
    printf 'requirepass "%s"\n' "$quoted"
    return 0
  fi
  rule="user default on resetpass #$(password_hash "$REDISCLI_AUTH")"
  while IFS= read -r other; do
    rule="$rule #$(password_hash "$other")"
  done <<EOF
$extra
EOF
  printf '%s ~* &* +@all\n' "$rule"
}

# The directives that give Redis its password (for clients and for its master), if it has one;
# quote_password must have run. Its master is always reached with the current password.
auth_directives() {
  if [ -n "$quoted" ]; then
    client_auth
    printf 'masterauth "%s"\n' "$quoted"
  fi
}

# write_runtime_config FILE: writes stdin to FILE, readable only by this user (it holds the
# password), atomically.
write_runtime_config() {
  (
    umask 077
    cat >"$1.tmp"
  )
  mv -f "$1.tmp" "$1"
}

# A fingerprint of the certificate files; it changes when the kubelet updates the Secret volume.
certificate_fingerprint() {
  cat "$tls_dir/tls.crt" "$tls_dir/tls.key" "$tls_dir/ca.crt" 2>/dev/null | cksum
}

# on_certificate_change COMMAND...: runs COMMAND each time the certificate files change (a
# renewal), checking every RGEN_TLS_CHECK_SECONDS (default 10); a failed COMMAND (e.g. a new
# certificate whose key has not arrived yet) is retried at the next check. Returns at once
# without TLS; otherwise runs until the container stops. Start it in the background.
on_certificate_change() {
  [ "${RGEN_TLS:-no}" = yes ] || return 0
  seen=$(certificate_fingerprint)
  while sleep "${RGEN_TLS_CHECK_SECONDS:-10}"; do
    now=$(certificate_fingerprint)
    if [ "$now" != "$seen" ] && "$@"; then
      seen=$now
    fi
  done
}

# Makes the local Redis load the certificate files again: CONFIG SET of a TLS file, even to the
# same path, re-reads them (Redis never watches them itself). New connections get the new
# certificate; open ones keep theirs.
reload_certificate() {
  reply=$(rcli 127.0.0.1 config set tls-cert-file "$tls_dir/tls.crt" tls-key-file "$tls_dir/tls.key" \
    tls-ca-cert-file "$tls_dir/ca.crt" tls-client-cert-file "$tls_dir/tls.crt" \
    tls-client-key-file "$tls_dir/tls.key")
  if [ "$reply" = OK ]; then
    log "the certificate files changed: reloaded them"
    return 0
  fi
  log "the certificate files changed, but loading them failed (retrying): $reply"
  return 1
}

# After a restore (restore.sh) and until the AOF exists: Redis with `appendonly yes` that finds
# no AOF starts empty and ignores dump.rdb, so it starts with AOF off (this prints the
# directive), loads the RDB, and aof_after_restore turns AOF on, which writes it from the data.
restore_directives() {
  if [ -e /data/rgen-restored ] && [ -e /data/dump.rdb ] && [ ! -e /data/appendonlydir ] &&
    grep -q '^appendonly yes' /conf/redis.conf; then
    echo "appendonly no"
  fi
}

# Turns AOF on once the local Redis has loaded the restored RDB (see restore_directives).
aof_after_restore() {
  wait_until 3600 loaded_locally || return 0
  log "restore: the RDB is loaded; turning AOF on (written from the data)"
  rcli 127.0.0.1 config set appendonly yes >/dev/null
}

# Whether the local Redis answers PING (not loading).
loaded_locally() {
  [ "$(rquery 127.0.0.1 "$port" ping)" = PONG ]
}
