#!/usr/bin/env bash
# Spark transformation benchmark (docs/benchmarks.md, "Spark"): the time of one `transform`
# (silver for every table, then every gold mart) for one new simulated day on top of 1 day and on
# top of 10 days of history, and the same lake recomputed in full, for the ratios. Target: the
# 10-day case within 1.5x the 1-day case (cost follows new data, not history).
#
#   npx tsc -b && node runtime/dist/cli.js up      # dev stack running, Spark master and worker included
#   bash bench/spark/bench.sh                      # from the repo root; RUNS=3 by default
#
# Each run uses its own OLTP databases (bench_spark_<days>_<run>, created fresh) and catalog names
# (bench_spark_*), never `ecommerce` or `lakehouse`. Raw measurements: $OUT/results.jsonl.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
eval "$(node runtime/dist/cli.js env)"
RUNS="${RUNS:-3}"
CUSTOMERS="${CUSTOMERS:-2000}"
TAG="${BENCH_TAG:-$(date +%Y%m%d%H%M%S)}"
OUT="${BENCH_OUT:-/tmp/bench-spark-${TAG}}"
mkdir -p "${OUT}"
RESULTS="${OUT}/results.jsonl"
: >"${RESULTS}"

say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }

# lake DATABASE CATALOG: the environment of one benchmark lake.
lake() { export OLTP_DATABASE="$1" ICEBERG_CATALOG_NAME="$2"; }

# ingest: every table through change capture, then the slot confirmed (what 01_ingestion does).
ingest() {
  node tasks/dist/cli.js ingest --all >/dev/null 2>&1
  node tasks/dist/cli.js confirm >/dev/null 2>&1
}

# timed NAME RUN: runs `transform`, records wall seconds and what silver merged.
timed() {
  local name="$1" run="$2" start end
  start="$(now)"
  bash scripts/python.sh submit transform >"${OUT}/${name}_${run}.out" 2>"${OUT}/${name}_${run}.err"
  end="$(now)"
  python3 - "${name}" "${run}" "${start}" "${end}" "${OUT}/${name}_${run}.out" >>"${RESULTS}" <<'PY'
import json, sys
name, run, start, end, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
result = json.loads(open(out).read().strip().splitlines()[-1])
merged = [t for t in result["silver"]["tables"] if t["status"] == "merged"]
print(json.dumps({"m": name, "run": run, "seconds": round(end - start, 1), "tables_merged": len(merged),
                  "keys": sum(t.get("keys", 0) for t in merged)}))
PY
  say "${name}: $(tail -1 "${RESULTS}")"
}

for run in $(seq 1 "${RUNS}"); do
  for days in 1 10; do
    db="bench_spark_${days}_${run}"
    node bench/gen_data/fresh-database.mjs "${db}" >/dev/null
    lake "${db}" "bench_spark_${TAG}_${days}_${run}"
    say "run ${run}: ${days} day(s) of history"
    node gen_data/dist/cli.js run --start 2025-03-03 --days "${days}" --customers "${CUSTOMERS}" --seed "b${run}" >/dev/null 2>&1
    ingest
    bash scripts/python.sh submit transform >/dev/null 2>&1
    # One more simulated day, continuing the shop from the simulated clock.
    node gen_data/dist/cli.js run --days 1 --seed "n${run}" >/dev/null 2>&1
    ingest
    timed "incremental_${days}d" "${run}"
    if [[ "${days}" == 10 ]]; then
      # The same 11 days recomputed in full: a fresh catalog, everything ingested and transformed once.
      # (The new catalog's first load copies every table in an exported snapshot of its own.)
      lake "${db}" "bench_spark_${TAG}_full_${run}"
      ingest
      timed "full_11d" "${run}"
    fi
  done
done
python3 - "${RESULTS}" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by, runs = {}, {}
for r in rows:
    by.setdefault(r["m"], []).append(r["seconds"])
    runs.setdefault(r["run"], {})[r["m"]] = r["seconds"]
for run, m in sorted(runs.items()):
    if {"incremental_1d", "incremental_10d", "full_11d"} <= m.keys():
        print(f"run {run}: 10-day/1-day {m['incremental_10d'] / m['incremental_1d']:.2f}x, "
              f"full/incremental {m['full_11d'] / m['incremental_10d']:.2f}x")
med = {k: statistics.median(v) for k, v in by.items()}
for k, v in by.items():
    print(f"{k:16} runs {v}  median {med[k]} s")
if "incremental_1d" in med and "incremental_10d" in med:
    print(f"10-day / 1-day incremental: {med['incremental_10d'] / med['incremental_1d']:.2f}x (target <= 1.5x)")
if "full_11d" in med and "incremental_10d" in med:
    print(f"full recompute / incremental (10 days of history): {med['full_11d'] / med['incremental_10d']:.2f}x")
PY
