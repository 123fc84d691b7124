#!/usr/bin/env bash
# Runs a command with Node 24, the npm dependencies and the real services in place (benchmarks).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node24.sh
source scripts/lib/deps.sh
ascolto_ensure_node24
ascolto_ensure_deps
bash scripts/services.sh start >&2
exec "$@"
