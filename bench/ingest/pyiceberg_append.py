"""(d) PyIceberg append from pyarrow.

Usage (venv of scripts/python.sh spark): pyiceberg_append.py TABLE
Reads oltp.<TABLE> with `COPY (SELECT ...) TO STDOUT WITH CSV` through psycopg2 into memory, parses
it with pyarrow.csv (multi-threaded, explicit column types; timestamptz sent as UTC wall time and
re-tagged UTC), adds _ingested_at/_batch_id, creates <catalog>.raw_pyiceberg.<TABLE> (unpartitioned,
see below), and commits one `table.append(arrow_table)` through SqlCatalog
(spark/lakehouse/pyiceberg_catalog.py).
Chosen as the fastest reasonable path: no Python object per row or value (a psycopg2 cursor
fetch builds tuples of Python objects first; it was not measured here).
Prints one JSON line with the phase times.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time

T0 = time.monotonic()

import psycopg2  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
from lakehouse.pyiceberg_catalog import load_catalog  # noqa: E402
from lakehouse.settings import required  # noqa: E402
from pyarrow import csv  # noqa: E402
from pyiceberg.transforms import DayTransform  # noqa: E402

PARTITION = {"orders": "placed_at", "customer_activity_log": "occurred_at"}


def arrow_type(pg_type: str, precision: int | None, scale: int | None) -> pa.DataType:
    if pg_type == "numeric":
        return pa.decimal128(precision or 38, scale or 0)
    return {
        "bigint": pa.int64(),
        "integer": pa.int32(),
        "smallint": pa.int32(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "timestamp with time zone": pa.timestamp("us"),
        "timestamp without time zone": pa.timestamp("us"),
        "double precision": pa.float64(),
        "real": pa.float32(),
    }.get(pg_type, pa.string())


def main() -> None:
    table = sys.argv[1]
    conn = psycopg2.connect(
        host=required("PG_HOST"),
        port=required("PG_PORT"),
        dbname=required("OLTP_DATABASE"),
        user="ecommerce_reader",
        password=required("OLTP_READER_PASSWORD"),
    )
    started = time.monotonic()
    cur = conn.cursor()
    cur.execute("SET TimeZone = 'UTC'")
    cur.execute(
        """SELECT column_name, data_type, numeric_precision, numeric_scale
           FROM information_schema.columns
           WHERE table_schema = 'oltp' AND table_name = %s ORDER BY ordinal_position""",
        (table,),
    )
    cols = cur.fetchall()
    exprs = []
    for name, typ, _, _ in cols:
        q = f'"{name}"'
        exprs.append(f"({q} AT TIME ZONE 'UTC') AS {q}" if typ == "timestamp with time zone" else q)
    buf = io.BytesIO()
    cur.copy_expert(
        f"COPY (SELECT {', '.join(exprs)} FROM oltp.{table}) TO STDOUT WITH (FORMAT csv)", buf
    )
    conn.close()
    copied = time.monotonic()
    buf.seek(0)
    types = {name: arrow_type(typ, p, s) for name, typ, p, s in cols}
    names = [c[0] for c in cols]
    data = csv.read_csv(
        buf,
        read_options=csv.ReadOptions(column_names=names, block_size=16 << 20),
        convert_options=csv.ConvertOptions(
            column_types=types,
            true_values=["t"],
            false_values=["f"],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )
    del buf
    for name, typ, _, _ in cols:
        if typ == "timestamp with time zone":
            i = data.schema.get_field_index(name)
            data = data.set_column(i, name, pc.assume_timezone(data[name], "UTC"))
    n = data.num_rows
    ts_type = pa.timestamp("us", "UTC")
    now = pa.scalar(int(time.time() * 1e6), ts_type)
    data = data.append_column("_ingested_at", pc.fill_null(pa.nulls(n, ts_type), now))
    batch = pa.scalar(f"pyiceberg-{int(time.time())}", pa.string())
    data = data.append_column("_batch_id", pc.fill_null(pa.nulls(n, pa.string()), batch))
    parsed = time.monotonic()

    catalog = load_catalog()
    catalog.create_namespace_if_not_exists("raw_pyiceberg")
    ident = f"raw_pyiceberg.{table}"
    if catalog.table_exists(ident):
        catalog.drop_table(ident)
    tbl = catalog.create_table(ident, schema=data.schema)
    # Unpartitioned: PyIceberg 0.12 needs the pyiceberg-core extra for a day() partitioned write,
    # and the pinned venv (spark/requirements.lock) does not carry it. This spares PyIceberg the
    # partition split the CLI and Spark do, so it favours (d).
    if table in PARTITION and os.environ.get("BENCH_PYICEBERG_PARTITIONED") == "1":
        with tbl.update_spec() as spec:
            spec.add_field(PARTITION[table], DayTransform(), f"{PARTITION[table]}_day")
    tbl.append(data)
    done = time.monotonic()
    tbl.refresh()
    summary = tbl.current_snapshot().summary
    print(
        json.dumps(
            {
                "table": table,
                "appended_rows": int(summary["added-records"]),
                "data_files": int(summary["added-data-files"]),
                "seconds": round(done - started, 3),
                "copy_seconds": round(copied - started, 3),
                "parse_seconds": round(parsed - copied, 3),
                "append_seconds": round(done - parsed, 3),
                "import_seconds": round(started - T0, 3),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
