#!/usr/bin/env bash
# Starts the whole product with demo data: PostgreSQL and Elasticsearch (started or reused), a
# loopback demo feed that publishes new Italian and English posts every few seconds, the API
# (which serves the dashboard) and the worker. Prints the URL and the demo credentials.
# Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node24.sh
source scripts/lib/deps.sh

ascolto_ensure_node24
ascolto_ensure_deps

es_was_running=false
if bash scripts/elasticsearch.sh status >/dev/null 2>&1; then es_was_running=true; fi
bash scripts/services.sh start

stop_started_services() {
  if [[ "$es_was_running" == "false" && "${ELASTICSEARCH_EXTERNAL:-false}" != "true" ]]; then
    bash scripts/elasticsearch.sh stop || true
  fi
}
trap stop_started_services EXIT

# Build only when a source file is newer than the last build.
if [[ ! -f dist/apps/api/main.js || ! -f dist/apps/worker/main.js || ! -f dist/apps/dashboard/browser/index.html ]] \
  || [[ -n "$(find apps libs -newer dist/apps/api/main.js -type f \( -name '*.ts' -o -name '*.html' -o -name '*.scss' -o -name '*.json' \) -not -path '*/node_modules/*' -print -quit)" ]]; then
  echo "[demo] building the api, the worker and the dashboard" >&2
  npm run --silent build
fi

# Source credentials are encrypted at rest with a per-install key, created once and kept outside
# the repository; the API and the worker inherit it.
if [[ -z "${ASCOLTO_CREDENTIALS_KEY:-}" ]]; then
  key_file="$ASCOLTO_CACHE/credentials.key"
  if [[ ! -s "$key_file" ]]; then
    mkdir -p "$ASCOLTO_CACHE"
    (umask 077 && node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('base64'))" >"$key_file")
  fi
  ASCOLTO_CREDENTIALS_KEY="$(cat "$key_file")"
  export ASCOLTO_CREDENTIALS_KEY
fi

node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/demo/run-demo.ts
