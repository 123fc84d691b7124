#!/usr/bin/env bash
# Runs every test: unit, integration (real PostgreSQL + Elasticsearch + loopback fakes),
# end-to-end (the API over HTTP, the dashboard in headless Chromium) and the dashboard's own.
# Installs or starts whatever is missing first. Ends with the line `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node24.sh
source scripts/lib/deps.sh

phase_start=$SECONDS
phase() {
  local now=$SECONDS
  if [[ -n "${current_phase:-}" ]]; then echo "[test] phase '$current_phase' took $((now - phase_start)) s" >&2; fi
  current_phase="$1"; phase_start=$now
  [[ -n "$1" ]] && echo "[test] == $1" >&2
  return 0
}

phase "node 24";       ascolto_ensure_node24
phase "dependencies";  ascolto_ensure_deps
phase "chromium";      ascolto_ensure_chromium
phase "services";      bash scripts/services.sh start
phase "build";         npm run --silent build
phase "lint"
lint_status=0
npx eslint . || lint_status=$?
phase "tests"
mkdir -p test-output
rm -f test-output/summary.txt
set +e
# NestJS 12 ships as ES modules; Jest loads them through require(esm), which needs vm modules.
NODE_OPTIONS=--experimental-vm-modules npx jest --ci --maxWorkers=2 "$@"
status=$?
set -e
phase ""
echo "[test] total $SECONDS s" >&2
if [[ -f test-output/summary.txt ]]; then cat test-output/summary.txt; fi
if (( lint_status != 0 )); then echo "[test] lint failed (npx eslint .)" >&2; status=1; fi
exit $status
