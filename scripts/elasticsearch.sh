#!/usr/bin/env bash
# Starts, stops or reports a local Elasticsearch 9.5.2 node for machines without a Docker engine.
#
#   scripts/elasticsearch.sh start   # idempotent: reuses a healthy node, restarts a dead one
#   scripts/elasticsearch.sh stop
#   scripts/elasticsearch.sh status
#
# The integ-test zip from Maven Central is a real server without a bundled JDK. It refuses to run
# as root, so it runs as an unprivileged user that owns the unpacked copy, its data and its logs,
# all of which live in a cache outside the repository.
set -euo pipefail

ES_VERSION="${ES_VERSION:-9.5.2}"
ES_PORT="${ES_PORT:-9200}"
ES_HEAP="${ES_HEAP:-1g}"
ES_USER="${ES_USER:-ascolto-es}"
ASCOLTO_CACHE="${ASCOLTO_CACHE:-$HOME/.cache/ascolto}"
# The node runs as another user, so its home must not be under a private (root) home directory.
ES_HOME_BASE="${ES_HOME_BASE:-/var/tmp/ascolto-es}"
ES_DIR="$ES_HOME_BASE/elasticsearch-$ES_VERSION"
ES_PIDFILE="$ES_HOME_BASE/es.pid"
ES_URL="http://127.0.0.1:$ES_PORT"

log() { echo "[elasticsearch] $*" >&2; }

cluster_status() {
  { curl -s --max-time 3 "$ES_URL/_cluster/health" 2>/dev/null || true; } | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'
}

running_pid() {
  if [[ -f "$ES_PIDFILE" ]]; then
    local pid
    pid="$(cat "$ES_PIDFILE" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      echo "$pid"
      return 0
    fi
  fi
  return 1
}

fetch_zip() {
  local zip="$ASCOLTO_CACHE/elasticsearch-$ES_VERSION.zip"
  if [[ ! -s "$zip" ]]; then
    log "fetching the Elasticsearch $ES_VERSION zip from Maven Central (about 130 MB)"
    mkdir -p "$ASCOLTO_CACHE"
    local tmp
    tmp="$(mktemp -d)"
    mvn -q dependency:copy \
      "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      "-DoutputDirectory=$tmp" >&2
    mv "$tmp"/elasticsearch-*.zip "$zip"
    rmdir "$tmp" || true
  fi
  echo "$zip"
}

find_jdk() {
  if [[ -n "${ES_JAVA_HOME:-}" && -x "$ES_JAVA_HOME/bin/java" ]]; then
    echo "$ES_JAVA_HOME"; return 0
  fi
  local candidate
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/*25*; do
    if [[ -x "$candidate/bin/java" ]]; then echo "$candidate"; return 0; fi
  done
  log "no JDK 25 found under /usr/lib/jvm; set ES_JAVA_HOME"
  return 1
}

ensure_user() {
  if ! id "$ES_USER" >/dev/null 2>&1; then
    log "creating the unprivileged user $ES_USER"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
  fi
}

install_node() {
  if [[ ! -x "$ES_DIR/bin/elasticsearch" ]]; then
    local zip
    zip="$(fetch_zip)"
    log "unpacking into $ES_DIR"
    mkdir -p "$ES_HOME_BASE"
    local tmp
    tmp="$(mktemp -d "$ES_HOME_BASE/unpack.XXXX")"
    (cd "$tmp" && unzip -q "$zip")
    rm -rf "$ES_DIR"
    mv "$tmp/elasticsearch-$ES_VERSION" "$ES_DIR"
    rmdir "$tmp"
  fi
  mkdir -p "$ES_HOME_BASE/data" "$ES_HOME_BASE/logs"
  chown -R "$ES_USER" "$ES_HOME_BASE"
}

wait_healthy() {
  local deadline=$((SECONDS + ${ES_START_TIMEOUT:-180}))
  while (( SECONDS < deadline )); do
    local status
    status="$(cluster_status)"
    if [[ "$status" == "green" || "$status" == "yellow" ]]; then
      log "healthy ($status) at $ES_URL"
      return 0
    fi
    if ! running_pid >/dev/null; then
      log "the node exited while starting; last log lines:"
      tail -n 30 "$ES_HOME_BASE/logs/"*.log 2>/dev/null >&2 || true
      return 1
    fi
    sleep 1
  done
  log "not healthy after ${ES_START_TIMEOUT:-180}s; see $ES_HOME_BASE/logs"
  return 1
}

start() {
  local status
  status="$(cluster_status)"
  if [[ "$status" == "green" || "$status" == "yellow" ]]; then
    log "already running at $ES_URL ($status); reusing it"
    return 0
  fi
  if pid="$(running_pid)"; then
    log "a node (pid $pid) is running but not answering; waiting for it"
    if wait_healthy; then return 0; fi
    log "restarting it"
    stop
  fi
  if [[ "$(id -u)" != "0" ]]; then
    log "start needs root to run the node as the unprivileged user $ES_USER (or start Elasticsearch yourself at $ES_URL)"
    return 1
  fi
  ensure_user
  install_node
  local jdk
  jdk="$(find_jdk)"
  log "starting Elasticsearch $ES_VERSION on $ES_URL (JDK $jdk, heap $ES_HEAP)"
  runuser -u "$ES_USER" -- env ES_JAVA_HOME="$jdk" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
    "$ES_DIR/bin/elasticsearch" -d -p "$ES_PIDFILE" \
    -Ediscovery.type=single-node -Expack.security.enabled=false \
    -Enetwork.host=127.0.0.1 -Ehttp.port="$ES_PORT" \
    -Epath.data="$ES_HOME_BASE/data" -Epath.logs="$ES_HOME_BASE/logs" \
    -Ecluster.routing.allocation.disk.threshold_enabled=false \
    >"$ES_HOME_BASE/logs/stdout.log" 2>&1 || {
      log "the start command failed:"; tail -n 30 "$ES_HOME_BASE/logs/stdout.log" >&2; return 1; }
  wait_healthy
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    log "stopping pid $pid"
    kill "$pid"
    local deadline=$((SECONDS + 60))
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "still running after 60 s; killing"
      kill -9 "$pid" || true
    fi
    rm -f "$ES_PIDFILE"
  else
    log "not running (no live pid in $ES_PIDFILE)"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status)
    status="$(cluster_status)"
    if [[ -n "$status" ]]; then echo "$status"; else echo "down"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
