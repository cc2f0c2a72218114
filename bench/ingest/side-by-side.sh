#!/usr/bin/env bash
# The quick ratio check of docs/benchmarks.md ("Final side-by-side run"): the COPY floor and the
# tasks CLI, interleaved in one loop so both see the same machine load, for oltp.orders and
# oltp.customer_activity_log of the benchmark database that bench.sh created and filled.
#
#   npx tsc -b && node runtime/dist/cli.js up      # dev stack running, bench.sh run once before
#   bash bench/ingest/side-by-side.sh [ROUNDS]     # from the repo root; default 2 rounds
#
# Each CLI run commits into a fresh catalog name (side_<random>), never `lakehouse`, and its own
# warehouse prefix (ICEBERG_WAREHOUSE emptied: the resolver derives it from the name again).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
eval "$(node runtime/dist/cli.js env)"
DB="${BENCH_DB:-bench_ingest}"
ROUNDS="${1:-2}"
reader() { PGPASSWORD="${OLTP_READER_PASSWORD}" psql -X -q -h 127.0.0.1 -p "${PG_PORT:-5435}" -U ecommerce_reader -d "${DB}" "$@"; }
columns() {
  reader -At -c "SELECT string_agg(quote_ident(attname), ',' ORDER BY attnum) FROM pg_attribute
                 WHERE attrelid = 'oltp.$1'::regclass AND attnum > 0 AND NOT attisdropped"
}
for round in $(seq 1 "${ROUNDS}"); do
  for table in orders customer_activity_log; do
    rows="$(reader -At -c "SELECT count(*) FROM oltp.${table}")"
    /usr/bin/time -f "round ${round} ${table} (a) COPY floor: %e s, ${rows} rows" \
      env PGPASSWORD="${OLTP_READER_PASSWORD}" psql -X -q -h 127.0.0.1 -p "${PG_PORT:-5435}" -U ecommerce_reader \
      -d "${DB}" -c "\\copy (SELECT $(columns "${table}") FROM oltp.${table}) TO '/dev/null'"
    /usr/bin/time -f "round ${round} ${table} (b) tasks CLI: %e s, peak RSS %M KB" \
      env OLTP_DATABASE="${DB}" ICEBERG_CATALOG_NAME="side_${RANDOM}${RANDOM}" ICEBERG_WAREHOUSE="" \
      node tasks/dist/cli.js ingest --table "${table}" >/dev/null 2>/tmp/side-by-side.err ||
      { cat /tmp/side-by-side.err >&2; exit 1; }
    tail -n 1 /tmp/side-by-side.err >&2
  done
done
