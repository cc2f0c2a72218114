#!/usr/bin/env bash
# Airflow benchmark (docs/benchmarks.md, "Airflow"), per run on the dev platform's own shop:
#   freshness   one more simulated day written to PostgreSQL, then 01_ingestion triggered through
#               REST and the 02_transformation runs its Assets start followed to their end: the
#               seconds from the last order's commit until gold.daily_sales counts it (checked
#               afterwards: that day's orders in gold equal PostgreSQL's). Target <= 180 s.
#   overhead    01_ingestion's own run (Airflow's start to end) against the same steps in one
#               process on the next simulated day: `tasks ingest --all` (which confirms the slot) and `reconcile --all`.
#
#   npx tsc -b && node runtime/dist/cli.js up && node runtime/dist/cli.js images   # whole platform
#   bash bench/airflow/bench.sh                     # from the repo root; RUNS=3 by default
#
# It trades on the platform's database (`ecommerce`, lakehouse catalog) as `npm start` does: each
# run adds two simulated days to the shop. Raw measurements: $OUT/results.jsonl.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
eval "$(node runtime/dist/cli.js env)"
RUNS="${RUNS:-3}"
OUT="${BENCH_OUT:-/tmp/bench-airflow-$(date +%Y%m%d%H%M%S)}"
mkdir -p "${OUT}"
RESULTS="${OUT}/results.jsonl"
: >"${RESULTS}"

say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }
stack() { node runtime/dist/cli.js "$@"; }
source_sql() {
  PGPASSWORD="${OLTP_READER_PASSWORD}" psql -h "${PG_HOST}" -p "${PG_PORT}" -U ecommerce_reader \
    -d "${OLTP_DATABASE}" -XAtc "$1"
}
# The newest order's business date, and how many orders PostgreSQL holds for that date.
LAST_DAY="SELECT d, (SELECT count(*) FROM oltp.orders WHERE (placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = d)
  FROM (SELECT (placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d FROM oltp.orders ORDER BY order_id DESC LIMIT 1) last"

for run in $(seq 1 "${RUNS}"); do
  say "run ${run}: one simulated day, then 01_ingestion -> 02_transformation through Airflow"
  node gen_data/dist/cli.js run --days 1 --seed "airflow${run}" >"${OUT}/gen_${run}.out" 2>&1
  written="$(now)"
  IFS='|' read -r day source_orders <<<"$(source_sql "${LAST_DAY}")"
  stack trigger 01_ingestion --then 02_transformation >"${OUT}/trigger_${run}.json" 2>"${OUT}/trigger_${run}.err"
  fresh="$(now)"
  bash scripts/python.sh spark tests/readers/read_with_pyiceberg.py "gold.daily_sales::business_date == '${day}'" \
    >"${OUT}/gold_${run}.json"

  say "run ${run}: one simulated day, then the same steps in one process"
  node gen_data/dist/cli.js run --days 1 --seed "process${run}" >"${OUT}/gen_process_${run}.out" 2>&1
  start="$(now)"
  node tasks/dist/cli.js ingest --all >"${OUT}/ingest_${run}.json" 2>/dev/null
  node tasks/dist/cli.js reconcile --all >"${OUT}/reconcile_${run}.json" 2>/dev/null
  end="$(now)"

  python3 - "${run}" "${written}" "${fresh}" "${start}" "${end}" "${day}" "${source_orders}" "${OUT}" >>"${RESULTS}" <<'PY'
import json, sys
run, written, fresh, start, end, day, source_orders, out = sys.argv[1:]
trigger = json.loads(open(f"{out}/trigger_{run}.json").read().strip().splitlines()[-1])
gold = json.loads(open(f"{out}/gold_{run}.json").read().strip().splitlines()[-1])["rows"]
gold_orders = sum(int(r["orders"]) for r in gold)
if gold_orders != int(source_orders):
    sys.exit(f"run {run}: gold.daily_sales counts {gold_orders} orders on {day}, PostgreSQL {source_orders}")
ingest = json.loads(open(f"{out}/ingest_{run}.json").read().strip().splitlines()[-1])
rows = sum(t.get("records", 0) for t in ingest.get("tables", []))
print(json.dumps({
    "run": run, "day": day, "orders_that_day": gold_orders,
    "freshness_s": round(float(fresh) - float(written), 1),
    "ingestion_dag_s": trigger["run_seconds"],
    "transformation_runs": trigger["followed"][0]["runs"],
    "transformation_s": trigger["followed"][0]["run_seconds"],
    "one_process_s": round(float(end) - float(start), 1),
    "one_process_rows": rows,
}))
PY
  say "run ${run}: $(tail -1 "${RESULTS}")"
done
python3 - "${RESULTS}" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for r in rows:
    print(f"run {r['run']}: freshness {r['freshness_s']} s (target <= 180 s), 01_ingestion {r['ingestion_dag_s']} s"
          f" vs one process {r['one_process_s']} s = {r['ingestion_dag_s'] / r['one_process_s']:.2f}x")
print(f"median freshness {statistics.median(r['freshness_s'] for r in rows)} s")
PY
