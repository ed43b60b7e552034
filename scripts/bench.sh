#!/usr/bin/env bash
# Whole-process cost of `rgen render`: wall time (hyperfine, median of many runs) and peak RSS
# (/usr/bin/time -v) for the default bundle and a 1000-pod NAS cluster, on a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
cargo build -q --release
rgen=$PWD/target/release/rgen
big=(render --set cluster.masters=500 --set storage.mode=nas --set storage.nas.server=nas.example.com)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -m)"
echo "binary: $(stat -c %s "$rgen") bytes"
for case in default big; do
  if [ "$case" = default ]; then args=(render); else args=("${big[@]}"); fi
  out=$(mktemp)
  hyperfine -N --warmup 20 --runs 200 --export-json "$out" "$rgen ${args[*]}" >/dev/null 2>&1
  median=$(python3 -c "import json,sys; r=json.load(open('$out'))['results'][0]; print(f\"{r['median']*1000:.2f} ms (mean {r['mean']*1000:.2f} ms, min {r['min']*1000:.2f} ms)\")")
  rss=$(/usr/bin/time -v "$rgen" "${args[@]}" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ { printf "%.1f MiB", $2 / 1024 }')
  bytes=$("$rgen" "${args[@]}" 2>/dev/null | wc -c)
  echo "$case: wall median $median, peak RSS $rss, output $bytes bytes"
  rm -f "$out"
done
