#!/usr/bin/env bash
# Installs the npm workspaces from the lock file when node_modules is missing or older than the
# lock, then compiles the TypeScript. Shared by `npm start`, `npm test` and CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

major="$(node -p 'process.versions.node.split(".")[0]')"
if (( major < 20 )); then
  echo "node $(node --version) is too old: install Node.js 20 or newer" >&2
  exit 1
fi
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npx tsc -b
