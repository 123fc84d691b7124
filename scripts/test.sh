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
rm -f test-output/summary-*.json
status=0
# NestJS 12 ships as ES modules: the server tiers load them through Jest's require(esm), which
# needs vm modules. Angular's Jest preset compiles its packages to CommonJS itself and breaks
# under that flag, so the dashboard's tests run in a second Jest process without it.
ASCOLTO_TEST_RUN=server NODE_OPTIONS=--experimental-vm-modules \
  npx jest --ci --maxWorkers=2 --selectProjects unit integration e2e || status=$?
ASCOLTO_TEST_RUN=dashboard npx jest --ci --maxWorkers=2 --selectProjects dashboard || status=$?
phase ""
echo "[test] total $SECONDS s" >&2
if (( lint_status != 0 )); then echo "[test] lint failed (npx eslint .)" >&2; status=1; fi
# The closing line: the sum of both runs (a run that wrote no summary crashed: that is a failure).
node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const run of ["server", "dashboard"]) {
    const file = `test-output/summary-${run}.json`;
    if (!fs.existsSync(file)) { failed += 1; console.error(`[test] the ${run} run wrote no summary`); continue; }
    const c = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += c.passed; failed += c.failed; skipped += c.skipped;
  }
  console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
'
exit $status
