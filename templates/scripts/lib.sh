# rgen: helpers shared by the pod start scripts (start-node.sh, start-redis.sh,
# start-sentinel.sh), which source this file from the ConfigMap. Not run on its own.
# shellcheck shell=sh

cli=$(command -v redis-cli || command -v valkey-cli || true)
server=$(command -v redis-server || command -v valkey-server || true)
if [ -z "$cli" ] || [ -z "$server" ]; then
  echo "rgen: neither redis-server/redis-cli nor valkey-server/valkey-cli is in PATH" >&2
  exit 1
fi

log() {
  echo "rgen: $*" >&2
}

# Sets $quoted to the password (REDISCLI_AUTH, from the Secret) as a redis.conf string. A line
# break could inject directives, so it stops the pod instead.
quote_password() {
  case "$REDISCLI_AUTH" in
    *'
'*)
      log "the password contains a line break; refusing to start"
      exit 1
      ;;
  esac
  # shellcheck disable=SC2034 # read by the sourcing script
  quoted=$(printf '%s' "$REDISCLI_AUTH" | sed 's/[\\"]/\\&/g')
}

# The DNS name of StatefulSet pod $1.
pod_host() {
  echo "$RGEN_STATEFULSET-$1.$RGEN_PEER_DOMAIN"
}

# redis-cli against a Sentinel: with the password only when the Sentinels require one (redis-cli
# reads REDISCLI_AUTH, and a Sentinel without a password rejects AUTH). Bounded, quiet.
sentinel_cli() {
  if [ "${RGEN_SENTINEL_AUTH:-no}" = yes ]; then
    timeout 3 "$cli" "$@" 2>/dev/null
  else
    (
      unset REDISCLI_AUTH
      timeout 3 "$cli" "$@" 2>/dev/null
    )
  fi
}

# The first pod (other than the one named $1, if any) whose Redis runs as master.
running_master() {
  i=0
  while [ "$i" -lt "$RGEN_PODS" ]; do
    host=$(pod_host "$i")
    if [ "$host" != "${1:-}" ]; then
      role=$(timeout 3 "$cli" -h "$host" -p "${RGEN_PORT:-6379}" role 2>/dev/null | tr -d '\r' | sed -n 1p) || true
      if [ "$role" = master ]; then
        echo "$host"
        return 0
      fi
    fi
    i=$((i + 1))
  done
}
