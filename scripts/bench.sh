#!/usr/bin/env bash
# Whole-process cost of `rgen render` on a release build, side by side in one run with the tools
# users would otherwise run on the same bundle:
#   - `kubectl kustomize` of the directory `rgen render --output-dir` writes (what Argo CD, Flux
#     and `kubectl apply -k` run);
#   - `helm template` of the chart `rgen package` writes.
# Wall time is hyperfine's median over many runs; peak RSS comes from /usr/bin/time -v.
# Cases: the embedded default bundle, and a 1000-pod cluster with 1000 static NAS PVs.
# Needs helm and kubectl in .tools/bin (scripts/test.sh installs them) or on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
tool() { if [ -x ".tools/bin/$1" ]; then echo "$PWD/.tools/bin/$1"; else command -v "$1"; fi; }
kubectl=$(tool kubectl) || { echo "kubectl not found: run scripts/test.sh first" >&2; exit 1; }
helm=$(tool helm) || { echo "helm not found: run scripts/test.sh first" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The binary `cargo install --path .` builds (dynamically linked), kept for one comparison; then
# the static one `cargo build-static` builds (.cargo/config.toml), which every figure below is of.
cargo build -q --release
cp target/release/rgen "$work/rgen-dynamic"
start=$SECONDS
cargo -q build-static
build=$((SECONDS - start))
rgen=$PWD/target/release/rgen

median_ms() { # median_ms RUNS COMMAND...: hyperfine's median in ms
  local runs=$1; shift
  hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/h.json" "$*" >/dev/null 2>&1
  python3 -c "import json; print('%.2f' % (json.load(open('$work/h.json'))['results'][0]['median'] * 1000))"
}
peak_mib() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ { printf "%.1f", $2 / 1024 }'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -m)"
echo "rgen $("$rgen" --version | cut -d' ' -f2), static binary $(stat -c %s "$rgen") bytes; its release build (incremental here) ${build} s"
echo "$("$kubectl" version --client 2>/dev/null | head -1); helm $("$helm" version --short)"
echo
echo "| bundle | rgen render | peak RSS | kubectl kustomize | helm template | kustomize / rgen |"
echo "|---|---|---|---|---|---|"
for case in default 1000-pods; do
  args=(render)
  if [ "$case" = 1000-pods ]; then
    args+=(--set cluster.masters=500 --set storage.mode=nas --set storage.nas.server=nas.example.com)
  fi
  dir=$work/$case
  "$rgen" "${args[@]}" --output-dir "$dir/out" 2>/dev/null
  "$rgen" package "${args[@]:1}" --chart-version 1.0.0 -o "$dir/chart" >/dev/null 2>&1
  chart=$(ls "$dir"/chart/*.tgz)
  runs=500; [ "$case" = 1000-pods ] && runs=30
  r=$(median_ms "$runs" "$rgen" "${args[@]}")
  rss=$(peak_mib "$rgen" "${args[@]}")
  k=$(median_ms 20 "$kubectl" kustomize "$dir/out")
  h=$(median_ms 20 "$helm" template redis "$chart")
  ratio=$(python3 -c "print('%.0f' % ($k / $r))")
  echo "| $case ($("$rgen" "${args[@]}" 2>/dev/null | wc -c) bytes) | $r ms | $rss MiB | $k ms | $h ms | ${ratio}× |"
done
echo
echo "rgen --version (process floor): $(median_ms 200 "$rgen" --version) ms static, $(median_ms 200 "$work/rgen-dynamic" --version) ms dynamic"
echo "default bundle, dynamically linked (cargo install): $(median_ms 200 "$work/rgen-dynamic" render) ms"
