#!/usr/bin/env bash
# `npm run spark -- JOB [args]`: one Spark job by hand on the running native stack, with the
# settings the TypeScript resolver gives (Python reads only its environment), through the same
# spark/bin/submit the spark image runs. `npm run spark -- lab` serves the notebooks instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Each job acts as its own object-store user, as in its container: the notebooks read only, the
# maintenance job may rewrite every namespace, the other jobs read raw and write silver and gold.
case "${1:-}" in
  lab) user=notebook ;;
  maintenance) user=maintenance ;;
  *) user=spark ;;
esac
eval "$(node runtime/dist/cli.js env --as "${user}")"
if [[ "${1:-}" == "lab" ]]; then
  shift
  exec bash scripts/python.sh lab "$@"
fi
exec bash scripts/python.sh submit "$@"
