#!/usr/bin/env bash
# Ingestion benchmark: COPY floor vs the tasks CLI vs Spark JDBC->Iceberg vs PyIceberg, on the dev
# stack, for oltp.orders (~1M rows) and oltp.customer_activity_log (~5M rows), plus a 10,000-row
# increment and the one-file commit latency. Results in docs/benchmarks.md ("Ingestion").
#
#   npx tsc -b && node runtime/dist/cli.js up      # dev stack running
#   bash bench/ingest/bench.sh                     # from the repo root
#
# Writes only into its own OLTP database (BENCH_DB, default bench_ingest: created, migrated and
# filled on first use, reused afterwards) and into fresh catalog names bench_<tag>_* of the JDBC
# catalog (never the `lakehouse` catalog). Raw measurements: $OUT/results.jsonl; summary on stdout.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
eval "$(node runtime/dist/cli.js env)"
# use_catalog NAME: the resolved settings for catalog NAME, its warehouse derived again by the
# resolver (the exported ICEBERG_WAREHOUSE belongs to the catalog resolved before).
use_catalog() { eval "$(ICEBERG_CATALOG_NAME="$1" ICEBERG_WAREHOUSE='' node runtime/dist/cli.js env)"; }
export BENCH_DB="${BENCH_DB:-bench_ingest}"
TAG="${BENCH_TAG:-$(date +%Y%m%d%H%M%S)}"
OUT="${BENCH_OUT:-/tmp/bench-ingest-${TAG}}"
mkdir -p "${OUT}"
RESULTS="${OUT}/results.jsonl"
: >"${RESULTS}"
PGHOST=127.0.0.1
PGPORT="${PG_PORT:-5435}"
export PGHOST PGPORT
SPARK_PY="$(bash scripts/python.sh venv-path spark)/bin/python"
COMMIT_RUNS="${COMMIT_RUNS:-20}"

say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
as_reader() { PGPASSWORD="${OLTP_READER_PASSWORD}" psql -X -q -v ON_ERROR_STOP=1 -U ecommerce_reader -d "${BENCH_DB}" "$@"; }
as_writer() { PGPASSWORD="${OLTP_WRITER_PASSWORD}" psql -X -q -v ON_ERROR_STOP=1 -U ecommerce_writer -d "${BENCH_DB}" "$@"; }
as_super() { PGPASSWORD="${PG_SUPERUSER_PASSWORD}" psql -X -q -v ON_ERROR_STOP=1 -U postgres -d "${BENCH_DB}" "$@"; }
now() { date +%s.%N; }
# record NAME KEY=VALUE... -> one JSON line (values are numbers or JSON already)
record() {
  local name="$1"
  shift
  python3 -c 'import json,sys; d={"m":sys.argv[1]}; [d.__setitem__(*kv.split("=",1)) for kv in sys.argv[2:]]; print(json.dumps({k:(json.loads(v) if k!="m" else v) for k,v in d.items()}))' "${name}" "$@" >>"${RESULTS}"
}
# timed NAME CMD...: runs CMD under /usr/bin/time -v; stdout -> $OUT/NAME.out, stderr -> NAME.err;
# sets WALL (s) and RSS_MB (peak resident set of the largest process in the tree).
timed() {
  local name="$1"
  shift
  /usr/bin/time -v -o "${OUT}/${name}.time" "$@" >"${OUT}/${name}.out" 2>"${OUT}/${name}.err" ||
    { say "${name} failed, see ${OUT}/${name}.err"; tail -5 "${OUT}/${name}.err" >&2; return 1; }
  WALL="$(python3 - "${OUT}/${name}.time" <<'PY'
import sys
for line in open(sys.argv[1]):
    if "Elapsed (wall clock)" in line:
        t = line.rsplit(" ", 1)[1].strip().split(":")
        s = 0.0
        for part in t:
            s = s * 60 + float(part)
        print(s)
PY
)"
  RSS_MB="$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "${OUT}/${name}.time")"
}

say "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# --- data ---------------------------------------------------------------------------------------
say "data: database ${BENCH_DB}"
node bench/ingest/setup-database.mjs "${BENCH_DB}" >&2
node bench/ingest/generate.mjs "${BENCH_DB}" "${BENCH_CUSTOMERS:-50000}" "${BENCH_ORDERS:-1000000}" \
  "${BENCH_ACTIVITY:-5000000}" "${BENCH_DAYS:-20}" >&2
as_super -c 'VACUUM (ANALYZE) oltp.customers, oltp.orders, oltp.order_status_history, oltp.customer_activity_log'
export OLTP_DATABASE="${BENCH_DB}"

count() { as_reader -Atc "SELECT count(*) FROM oltp.$1"; }

for T in orders customer_activity_log; do
  N="$(count "${T}")"
  say "${T}: ${N} rows"
  COLS="$(as_reader -Atc "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'oltp' AND table_name = '${T}'")"
  PART="$([[ ${T} == orders ]] && echo placed_at || echo occurred_at)"

  # (a) the floor: COPY (SELECT ...) TO STDOUT into /dev/null (psql \copy, as the reader role)
  as_reader -c "SELECT 1" >/dev/null # warm connection path
  timed "a-${T}" env PGPASSWORD="${OLTP_READER_PASSWORD}" psql -X -q -v ON_ERROR_STOP=1 -U ecommerce_reader -d "${BENCH_DB}" \
    -c "\\copy (SELECT ${COLS} FROM oltp.${T}) TO '/dev/null'"
  record a_copy table="\"${T}\"" rows="${N}" wall="${WALL}" rss_mb="${RSS_MB}"
  say "(a) ${T}: ${WALL}s"
  # the same with the CLI's ORDER BY on the partition column (what the CLI actually asks for)
  timed "a2-${T}" env PGPASSWORD="${OLTP_READER_PASSWORD}" psql -X -q -v ON_ERROR_STOP=1 -U ecommerce_reader -d "${BENCH_DB}" \
    -c "\\copy (SELECT ${COLS} FROM oltp.${T} ORDER BY ${PART}) TO '/dev/null'"
  record a_copy_ordered table="\"${T}\"" rows="${N}" wall="${WALL}" rss_mb="${RSS_MB}"
  say "(a') ${T} ordered: ${WALL}s"

  # (b) the CLI end to end, fresh catalog name so it starts from empty
  use_catalog "bench_${TAG}_cli"
  timed "b-${T}" node tasks/dist/cli.js ingest --table "${T}" --run-id "bench-${TAG}-full-${T//_/-}"
  ROWS="$(tail -1 "${OUT}/b-${T}.out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')"
  FILES="$(tail -1 "${OUT}/b-${T}.out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["files"])')"
  record b_cli table="\"${T}\"" rows="${ROWS}" files="${FILES}" wall="${WALL}" rss_mb="${RSS_MB}"
  say "(b) ${T}: ${ROWS} rows, ${FILES} files, ${WALL}s, ${RSS_MB} MB"

  # (c) Spark JDBC read -> Iceberg append, local[2]
  use_catalog "bench_${TAG}_spark"
  timed "c-${T}" env PYTHONPATH="${ROOT}/spark" bash scripts/python.sh spark bench/ingest/spark_jdbc_append.py "${T}"
  J="$(tail -1 "${OUT}/c-${T}.out")"
  record c_spark table="\"${T}\"" wall="${WALL}" rss_mb="${RSS_MB}" detail="${J}"
  say "(c) ${T}: ${WALL}s process, ${J}"

  # (d) PyIceberg append from pyarrow
  use_catalog "bench_${TAG}_pyiceberg"
  timed "d-${T}" env PYTHONPATH="${ROOT}/spark" "${SPARK_PY}" bench/ingest/pyiceberg_append.py "${T}"
  J="$(tail -1 "${OUT}/d-${T}.out")"
  record d_pyiceberg table="\"${T}\"" wall="${WALL}" rss_mb="${RSS_MB}" detail="${J}"
  say "(d) ${T}: ${WALL}s process, ${RSS_MB} MB, ${J}"
done

# --- 10,000-row increment of orders: CLI vs Spark JDBC (rows past the previous max) -------------
say "increment: 10,000 new orders"
as_writer <<SQL
BEGIN;
SELECT set_config('app.sim_now', (SELECT (max(updated_at) + interval '1 hour')::text FROM oltp.orders), true);
INSERT INTO oltp.orders (order_code, customer_id, channel_id, placed_at, payment_method_id, shipping_geo_id,
  shipping_address, subtotal_amount, discount_amount, shipping_fee, total_amount)
SELECT 'BI${TAG}-' || i, (SELECT min(customer_id) FROM oltp.customers) + i % 1000, 1, oltp.clock_now(), 1,
       (SELECT min(geo_id) FROM oltp.geo_location), 'Số ' || i || ' Lý Thường Kiệt', 150000.00, 0, 30000.00, 180000.00
FROM generate_series(1, 10000) AS i;
COMMIT;
SQL
use_catalog "bench_${TAG}_cli"
timed "b-inc-orders" node tasks/dist/cli.js ingest --table orders --run-id "bench-${TAG}-inc-orders"
ROWS="$(tail -1 "${OUT}/b-inc-orders.out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')"
record b_cli_increment table='"orders"' rows="${ROWS}" wall="${WALL}" rss_mb="${RSS_MB}"
say "(b) increment: ${ROWS} rows, ${WALL}s"
use_catalog "bench_${TAG}_spark"
timed "c-inc-orders" env PYTHONPATH="${ROOT}/spark" bash scripts/python.sh spark bench/ingest/spark_jdbc_append.py orders --since-max
J="$(tail -1 "${OUT}/c-inc-orders.out")"
record c_spark_increment table='"orders"' wall="${WALL}" rss_mb="${RSS_MB}" detail="${J}"
say "(c) increment: ${WALL}s process, ${J}"

# --- one-file commit latency --------------------------------------------------------------------
# customers (unpartitioned, one data file per run): one row changes, extract + load prepare the
# run, then commit alone is timed, in process (time-commit.mjs) on odd runs and as a whole CLI
# process (`node tasks/dist/cli.js commit`, Node start-up included) on even runs.
use_catalog "bench_${TAG}_commit"
node tasks/dist/cli.js ingest --table customers --run-id "bench-${TAG}-c0" >/dev/null 2>"${OUT}/commit-setup.err"
for i in $(seq 1 $((COMMIT_RUNS * 2))); do
  RUN="bench-${TAG}-c${i}"
  as_writer -c "BEGIN; SELECT set_config('app.sim_now', (SELECT (max(updated_at) + interval '1 hour')::text FROM oltp.customers), true); UPDATE oltp.customers SET loyalty_points = loyalty_points + 1 WHERE customer_id = (SELECT min(customer_id) FROM oltp.customers) + ${i}; COMMIT;" >/dev/null
  node tasks/dist/cli.js extract --table customers --run-id "${RUN}" >/dev/null 2>>"${OUT}/commit-steps.err"
  node tasks/dist/cli.js load --table customers --run-id "${RUN}" >/dev/null 2>>"${OUT}/commit-steps.err"
  if ((i % 2 == 1)); then
    J="$(node bench/ingest/time-commit.mjs customers "${RUN}")"
    record commit_inprocess detail="${J}"
  else
    T0="$(now)"
    J="$(node tasks/dist/cli.js commit --table customers --run-id "${RUN}" 2>>"${OUT}/commit-steps.err" | tail -1)"
    T1="$(now)"
    record commit_process ms="$(python3 -c "print(round((${T1}-${T0})*1000,1))")" detail="${J}"
  fi
done
say "done: ${RESULTS}"
python3 bench/ingest/summarize.py "${RESULTS}"
