#!/usr/bin/env bash
# Every test: TypeScript unit and integration tests (vitest starts its own stack of real services
# on separate ports), then the Python tests. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-node-deps.sh
npx vitest run "$@"
bash scripts/python.sh pytest
