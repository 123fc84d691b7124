#!/usr/bin/env bash
# Makes sure the real services Ascolto needs are running on this machine:
#   PostgreSQL on 127.0.0.1:5432 and Elasticsearch 9.5 on 127.0.0.1:9200.
#
#   scripts/services.sh start   # idempotent: reuses what runs, starts or installs what is missing
#   scripts/services.sh stop    # stops the Elasticsearch node we started (PostgreSQL is the machine's)
#   scripts/services.sh status
#
# With Docker, `docker compose up -d postgres elasticsearch` gives the same two services instead.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[services] $*" >&2; }

pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

ensure_postgres() {
  if pg_ready; then log "PostgreSQL is running on 127.0.0.1:5432"; return 0; fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    if [[ "$(id -u)" == "0" ]]; then
      log "installing PostgreSQL from Debian's packages"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      log "PostgreSQL is not running on 127.0.0.1:5432 and cannot be installed without root"; return 1
    fi
  fi
  local version
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  pg_ready || { log "PostgreSQL did not come up on 127.0.0.1:5432"; return 1; }
  # Our scripts connect as `postgres` over TCP without a password (trust), as on the dev machines.
  if ! psql -h 127.0.0.1 -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
    log "cannot connect as postgres@127.0.0.1 without a password; set DATABASE_URL with credentials"
  fi
}

ensure_tools_for_elasticsearch() {
  if ! command -v mvn >/dev/null 2>&1 || ! command -v unzip >/dev/null 2>&1; then
    log "installing maven and unzip (to fetch the Elasticsearch zip from Maven Central)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven unzip >/dev/null
  fi
}

case "${1:-start}" in
  start)
    ensure_postgres
    if [[ "${ELASTICSEARCH_EXTERNAL:-false}" == "true" ]]; then
      log "ELASTICSEARCH_EXTERNAL=true: using the cluster at ${ELASTICSEARCH_NODES:-http://127.0.0.1:9200}"
    else
      ensure_tools_for_elasticsearch
      bash scripts/elasticsearch.sh start
    fi
    ;;
  stop) bash scripts/elasticsearch.sh stop ;;
  status)
    pg_ready && echo "postgresql: up" || echo "postgresql: down"
    echo "elasticsearch: $(bash scripts/elasticsearch.sh status || true)"
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
