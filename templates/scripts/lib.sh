# rgen: helpers every script of the bundle sources from the ConfigMap (start-node.sh,
# start-redis.sh, start-sentinel.sh, probe.sh, handoff.sh, bootstrap.sh, sentinel-drain.sh,
# smoke-test.sh, exporter-auth.sh): the client, waiting, the pods. Not run on its own; config.sh
# holds what writing runtime configuration needs, cluster.sh what reading a Redis Cluster's
# topology needs, sentinel.sh how a Sentinel deployment's master hands over.
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
# variables it sets stay set. COMMAND may itself wait: each call keeps its interval and deadline
# at its own depth.
wait_until() {
  wait_depth=$((${wait_depth:-0} + 1))
  eval "wait_every_$wait_depth=1"
  if [ "$1" = --every ]; then
    eval "wait_every_$wait_depth=\$2"
    shift 2
  fi
  eval "wait_deadline_$wait_depth=\$((\$(date +%s) + \$1))"
  shift
  wait_deadline=0
  wait_every=1
  until "$@"; do
    eval "wait_deadline=\$wait_deadline_$wait_depth wait_every=\$wait_every_$wait_depth"
    if [ "$(date +%s)" -ge "$wait_deadline" ]; then
      wait_depth=$((wait_depth - 1))
      return 1
    fi
    sleep "$wait_every"
  done
  wait_depth=$((wait_depth - 1))
}

# The ordinals of the StatefulSet's pods, one per line.
pod_ordinals() {
  awk -v n="$RGEN_PODS" 'BEGIN { for (i = 0; i < n; i++) print i }'
}

# for_each_pod COMMAND...: runs `COMMAND... ORDINAL` for every pod of the StatefulSet, in
# ordinal order, whatever each returns. The ordinals are listed before the first run, so
# COMMAND may itself call for_each_pod or find_pod.
for_each_pod() {
  for for_each_pod_n in $(pod_ordinals); do
    "$@" "$for_each_pod_n"
  done
}

# find_pod COMMAND...: the first ordinal for which `COMMAND... ORDINAL` succeeds, printed;
# fails when there is none. COMMAND prints nothing (its output would mix with the ordinal).
find_pod() {
  for find_pod_n in $(pod_ordinals); do
    if "$@" "$find_pod_n"; then
      echo "$find_pod_n"
      return 0
    fi
  done
  return 1
}

# The first address a name resolves to (cluster DNS, or /etc/hosts); empty when none.
resolve() {
  getent hosts "$1" 2>/dev/null | awk 'NR == 1 { print $1 }'
}

# The name of StatefulSet pod $1: its DNS name, or in Sentinel mode with external access its
# external name (RGEN_EXTERNAL_NAMES, in ordinal order), the one name a Sentinel deployment then
# knows a pod by (announced by the replicas and Sentinels, handed out to clients). In cluster
# mode the nodes announce external names but the scripts use DNS names (cluster.sh reads one
# back as the other).
pod_host() {
  if [ "${RGEN_MODE:-}" = sentinel ] && [ -n "${RGEN_EXTERNAL_NAMES:-}" ]; then
    external_name "$1"
  else
    echo "$RGEN_STATEFULSET-$1.$RGEN_PEER_DOMAIN"
  fi
}

# The external name of pod $1 (externalAccess: RGEN_EXTERNAL_NAMES, in ordinal order).
external_name() {
  external_ordinal=$1
  # shellcheck disable=SC2086 # one name per word
  set -- $RGEN_EXTERNAL_NAMES
  shift "$external_ordinal"
  echo "$1"
}

# Whether pod $2 has the DNS name $1 (with find_pod: whether $1 names a pod of the set).
is_pod_named() {
  [ "$(pod_host "$2")" = "$1" ]
}

# The role (master, slave, sentinel) the Redis on host $1 reports; empty when it does not answer.
role_of() {
  rquery "$1" "$port" role | sed -n 1p
}

# "host offset" of each online replica in $1 (a master's INFO replication), the most advanced
# first.
online_replicas() {
  printf '%s\n' "$1" | sed -n 's/^slave[0-9]*:ip=\([^,]*\),port=[0-9]*,state=online,offset=\([0-9]*\),.*/\1 \2/p' |
    sort -k2,2nr
}

# Whether pod $2 runs as master and is not the host $1 (empty: any pod).
is_master_pod() {
  is_master_pod_host=$(pod_host "$2")
  [ "$is_master_pod_host" != "$1" ] && [ "$(role_of "$is_master_pod_host")" = master ]
}

# The first pod (other than the host $1, if given) whose Redis runs as master.
running_master() {
  if running_master_pod=$(find_pod is_master_pod "${1:-}"); then
    pod_host "$running_master_pod"
  fi
}

# The master the Sentinel on host $1 names: its host, "none" when it knows none, nothing when
# it does not answer (or answers an error).
sentinel_master() {
  sentinel_master_reply=$(sentinel_cli "$1" sentinel get-master-addr-by-name "$RGEN_MASTER_SET") || return 0
  sentinel_master_first=$(printf '%s\n' "$sentinel_master_reply" | sed -n 1p)
  case "$sentinel_master_first" in
    '') echo none ;;
    *ERR* | *NOAUTH* | *WRONGPASS* | *LOADING* | *IDONTKNOW*) ;;
    *) echo "$sentinel_master_first" ;;
  esac
}

# What the Sentinel of pod $1 names as master, as a line, if it answers.
sentinel_answer() {
  sentinel_answer_named=$(sentinel_master "$(pod_host "$1")")
  [ -z "$sentinel_answer_named" ] || echo "$sentinel_answer_named"
}

# What the Sentinels name as master, one line per Sentinel that answers: a host, or "none".
sentinel_answers() {
  for_each_pod sentinel_answer
}
