#!/usr/bin/env bash
# The main job. Today: install and start the platform's services as local processes, apply the
# database migrations and reference data, and print each service's status. Later issues extend
# it to run the ingestion and transformation pipelines.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-node-deps.sh
node runtime/dist/cli.js up
