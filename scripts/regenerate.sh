#!/usr/bin/env bash
# Regenerates every generated artefact (rgen.schema.json, src/schema/validation_nodes.rs,
# values/default.yaml, the reference table in docs/values.md) from the Rust types, then checks
# them. The test `generated::every_generated_artefact_is_current` fails in CI when one is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
# Twice: the schema and its nodes are compiled into the test binary, so the second run builds
# with the new files and checks everything against them.
RGEN_REGENERATE=1 cargo test -q --lib generated >/dev/null 2>&1 || true
RGEN_REGENERATE=1 cargo test -q --lib generated >/dev/null 2>&1 || true
cargo test -q --lib generated
git status --short rgen.schema.json src/schema/validation_nodes.rs values/default.yaml docs/values.md
