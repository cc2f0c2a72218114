#!/usr/bin/env bash
# The main job, end to end on the native runtime: start the services (installing what is missing),
# simulate two business days of the shop into PostgreSQL (only the first time: the database keeps
# them), ingest every table into Iceberg incrementally, and show what the lake now holds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-node-deps.sh
node runtime/dist/cli.js up
node gen_data/dist/cli.js run --scenario normal-day --catch-up 2
node tasks/dist/cli.js ingest --all >/dev/null
node tasks/dist/cli.js status --format table
