#!/usr/bin/env bash
# Sourced by project scripts: installs the npm dependencies when they are missing or stale.
ascolto_ensure_deps() {
  local marker="node_modules/.package-lock.json"
  if [[ ! -f "$marker" || package-lock.json -nt "$marker" ]]; then
    echo "[deps] installing npm dependencies" >&2
    # Not `npm ci`: npm on these machines writes a lock file without the other platforms' optional
    # native packages, and `npm ci` then rejects it as out of sync. `npm install` installs the
    # locked versions all the same.
    npm install --no-audit --no-fund --loglevel=error
  fi
}

ascolto_ensure_chromium() {
  if [[ -x /usr/bin/chromium ]]; then return 0; fi
  if [[ "$(id -u)" != "0" ]]; then
    echo "[chromium] /usr/bin/chromium is missing; install Debian's chromium package" >&2; return 1
  fi
  echo "[chromium] installing Debian's chromium package (about two minutes)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}
