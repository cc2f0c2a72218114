#!/usr/bin/env bash
# `npm run spark -- JOB [args]`: one Spark job by hand on the running native stack, with the
# settings the TypeScript resolver gives (Python reads only its environment), through the same
# spark/bin/submit the spark image runs. `npm run spark -- lab` serves the notebooks instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
eval "$(node runtime/dist/cli.js env)"
if [[ "${1:-}" == "lab" ]]; then
  shift
  exec bash scripts/python.sh lab "$@"
fi
exec bash scripts/python.sh submit "$@"
