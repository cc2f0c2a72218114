#!/usr/bin/env bash
# The main job, end to end on the native runtime: start the services (installing what is missing,
# the Docker engine included), build what changed of the project's images, keep the shop trading
# as the gen_data container (the first time two business days, then the time since the previous
# run, bounded: docs/gen-data.md), trigger 01_ingestion through Airflow's REST API (every table
# into Iceberg as tasks containers: extract, load, commit), follow the 02_transformation runs its
# Assets start (silver and gold as spark containers on the Spark master, incremental: only the new
# raw snapshots), show what the lake holds and print the KPI summary per channel.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-node-deps.sh
stack() { node runtime/dist/cli.js "$@"; }
stack up
stack images
stack run gen_data run --scenario normal-day --catch-up 2
stack trigger 01_ingestion --then 02_transformation >/dev/null
stack run tasks status --format table
# The table, without the job's JSON result line.
stack run spark summary | sed '$d'
# Where to look next; the passwords stay in the environment file (or your own environment).
eval "$(stack env)"
cat <<URLS

Airflow       http://127.0.0.1:${AIRFLOW_PORT}  login airflow / \$AIRFLOW_ADMIN_PASSWORD
Spark         http://127.0.0.1:${SPARK_MASTER_UI_PORT} (master), http://127.0.0.1:${SPARK_WORKER_UI_PORT} (worker)
Object store  http://127.0.0.1:${S3_CONSOLE_PORT}  login \$S3_ACCESS_KEY / \$S3_SECRET_KEY
Passwords: ${PLATFORM_HOME}/platform.env (generated at first start, mode 0600)
URLS
