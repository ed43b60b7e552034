# rgen: helpers every script of the bundle sources from the ConfigMap (start-node.sh,
# start-redis.sh, start-sentinel.sh, probe.sh, handoff.sh, bootstrap.sh). Not run on its own.
#
# Every redis-cli call goes through redis_cli(): the one place for connection options.
# shellcheck shell=sh

# Sourcing this file only defines functions and constants; a script calls setup_cli (and, if it
# starts a server, need_server) before anything else.

# The Secrets, mounted as files (never environment variables of the container).
auth_dir=/auth
tls_dir=/tls

# One line on stderr, tagged with $log_tag (set by the sourcing script).
log() {
  echo "${log_tag:-rgen}: $*" >&2
}

# Finds the client (Valkey first: its images also carry redis-* names, links to the same
# binaries), sets the ports, and with auth on reads the password into REDISCLI_AUTH, which
# redis-cli reads, so it never appears on a command line. It is exported to this script's
# children only, never set in the container's environment. Stops the script when either fails.
setup_cli() {
  cli=$(command -v valkey-cli || command -v redis-cli || true)
  server=$(command -v valkey-server || command -v redis-server || true)
  port="${RGEN_PORT:-6379}"
  sentinel_port="${RGEN_SENTINEL_PORT:-26379}"
  if [ -z "$cli" ]; then
    log "neither redis-cli nor valkey-cli is in PATH"
    exit 1
  fi
  if [ "${RGEN_AUTH:-no}" = yes ]; then
    if ! REDISCLI_AUTH=$(cat "$auth_dir/password"); then
      log "cannot read the password from $auth_dir/password"
      exit 1
    fi
    export REDISCLI_AUTH
  fi
}

# Stops unless a server binary exists (the start scripts need one, the Job and probes do not).
need_server() {
  if [ -z "$server" ]; then
    log "neither redis-server nor valkey-server is in PATH"
    exit 1
  fi
}

# require_env NAME...: stops the script, naming them, when any of these variables is unset or
# empty (the bundle sets them; a missing one is a bug or a hand-edited manifest).
require_env() {
  require_missing=""
  for require_name in "$@"; do
    eval "require_value=\${$require_name:-}"
    [ -n "$require_value" ] || require_missing="$require_missing $require_name"
  done
  if [ -n "$require_missing" ]; then
    log "missing environment:$require_missing"
    exit 1
  fi
}

# redis_cli [--bounded] ARGS...: redis-cli with rgen's connection options (the one place for
# them): with TLS, the pod's certificate (the peers require one) and the CA to check theirs.
# --bounded stops it after RGEN_CLI_TIMEOUT seconds (default 5). The password comes from
# REDISCLI_AUTH, never from argv.
redis_cli() {
  cli_limit=""
  if [ "${1:-}" = --bounded ]; then
    cli_limit="timeout ${RGEN_CLI_TIMEOUT:-5}"
    shift
  fi
  if [ "${RGEN_TLS:-no}" = yes ]; then
    set -- --tls --cert "$tls_dir/tls.crt" --key "$tls_dir/tls.key" --cacert "$tls_dir/ca.crt" "$@"
  fi
  # shellcheck disable=SC2086 # empty, or the timeout command and its seconds
  $cli_limit "$cli" "$@"
}

# rcli HOST ARGS...: one command against the Redis on HOST, bounded in time (RGEN_CLI_TIMEOUT,
# default 5 s). Prints the reply, or the error, with carriage returns stripped; never fails, so
# callers read what went wrong from the text.
rcli() {
  rcli_host=$1
  shift
  rcli_out=$(redis_cli --bounded -h "$rcli_host" -p "$port" "$@" 2>&1) || true
  printf '%s\n' "$rcli_out" | tr -d '\r'
}

# rquery HOST PORT ARGS...: like rcli against any port, but errors are dropped and the exit
# status is redis-cli's, so "no answer" can be told from an answer.
rquery() {
  rquery_host=$1
  rquery_port=$2
  shift 2
  rquery_status=0
  rquery_out=$(redis_cli --bounded -h "$rquery_host" -p "$rquery_port" "$@" 2>/dev/null) ||
    rquery_status=$?
  printf '%s\n' "$rquery_out" | tr -d '\r'
  return "$rquery_status"
}

# sentinel_cli HOST ARGS...: rquery against the Sentinel on HOST, with the password only when
# the Sentinels require one (a Sentinel without a password rejects AUTH).
sentinel_cli() {
  sentinel_host=$1
  shift
  if [ "${RGEN_SENTINEL_AUTH:-no}" = yes ]; then
    rquery "$sentinel_host" "$sentinel_port" "$@"
  else
    (
      unset REDISCLI_AUTH
      rquery "$sentinel_host" "$sentinel_port" "$@"
    )
  fi
}

# cluster_tool SUBCOMMAND ARGS...: `redis-cli --cluster`, which manages a whole cluster.
cluster_tool() {
  redis_cli --cluster "$@"
}

# wait_until [--every N] SECONDS COMMAND...: runs COMMAND every N seconds (default 1) until it
# succeeds (0) or SECONDS have passed (1). COMMAND runs at least once, in this shell, so the
# variables it sets stay set. Not to be nested.
wait_until() {
  wait_every=1
  if [ "$1" = --every ]; then
    wait_every=$2
    shift 2
  fi
  wait_deadline=$(($(date +%s) + $1))
  shift
  until "$@"; do
    if [ "$(date +%s)" -ge "$wait_deadline" ]; then
      return 1
    fi
    sleep "$wait_every"
  done
}

# The first address a name resolves to (cluster DNS, or /etc/hosts); empty when none.
resolve() {
  getent hosts "$1" 2>/dev/null | awk 'NR == 1 { print $1 }'
}

# The DNS name of StatefulSet pod $1.
pod_host() {
  echo "$RGEN_STATEFULSET-$1.$RGEN_PEER_DOMAIN"
}

# The role (master, slave, sentinel) the Redis on host $1 reports; empty when it does not answer.
role_of() {
  rquery "$1" "$port" role | sed -n 1p
}

# The first pod (other than the host $1, if given) whose Redis runs as master.
running_master() {
  i=0
  while [ "$i" -lt "$RGEN_PODS" ]; do
    host=$(pod_host "$i")
    if [ "$host" != "${1:-}" ] && [ "$(role_of "$host")" = master ]; then
      echo "$host"
      return 0
    fi
    i=$((i + 1))
  done
}

# The master the Sentinel on host $1 names: its host, "none" when it knows none, nothing when
# it does not answer (or answers an error).
sentinel_master() {
  reply=$(sentinel_cli "$1" sentinel get-master-addr-by-name "$RGEN_MASTER_SET") || return 0
  first=$(printf '%s\n' "$reply" | sed -n 1p)
  case "$first" in
    '') echo none ;;
    *ERR* | *NOAUTH* | *WRONGPASS* | *LOADING* | *IDONTKNOW*) ;;
    *) echo "$first" ;;
  esac
}

# What the Sentinels name as master, one line per Sentinel that answers: a host, or "none".
sentinel_answers() {
  i=0
  while [ "$i" -lt "$RGEN_PODS" ]; do
    answer=$(sentinel_master "$(pod_host "$i")")
    [ -z "$answer" ] || echo "$answer"
    i=$((i + 1))
  done
}

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
