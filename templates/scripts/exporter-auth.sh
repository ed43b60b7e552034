#!/bin/sh
# rgen: the init container of the metrics exporters. redis_exporter reads passwords from a JSON
# file (address -> password) and its image has no shell, so this writes that file from the
# mounted password Secret into a memory-backed emptyDir, readable by the pod's user only.
set -eu
log_tag=rgen-exporter-auth
# shellcheck source=templates/scripts/lib.sh
. /conf/lib.sh
require_env RGEN_EXPORTER_ADDRESSES
# shellcheck source=templates/scripts/config.sh
. /conf/config.sh
setup_cli
password=$(json_string "${REDISCLI_AUTH:-}")
{
  printf '{'
  sep=''
  for address in $RGEN_EXPORTER_ADDRESSES; do
    printf '%s%s: %s' "$sep" "$(json_string "$address")" "$password"
    sep=', '
  done
  printf '}\n'
} | write_runtime_config /run/exporter/passwords.json
log "wrote the exporters' password file for: $RGEN_EXPORTER_ADDRESSES"
