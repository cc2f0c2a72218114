"""Reads Iceberg tables through Spark (local mode) and prints their rows as JSON lines.

Used by the ingestion tests to check that tables written from TypeScript read identically in
Spark. Values are printed in a canonical text form (decimals as plain strings, timestamps as UTC
ISO-8601 with microseconds) so the caller can compare them exactly.

    scripts/python.sh spark tests/readers/read_with_spark.py raw.a [raw.b ...] [--sql "CALL ..."]
        [--query "SELECT ..."]

Each line is {"table": "<namespace.table>", "row": {...}}, or {"query": <index>, "row": {...}}
for the rows of each --query; statements given with --sql run first, all in one Spark session
(starting Spark is the slow part). Settings come from the environment only
(spark/lakehouse/settings.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "spark"))

from lakehouse.catalog import catalog_conf, catalog_name  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402


def canonical(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tables", nargs="*", help="namespace.table inside the platform catalog")
    parser.add_argument("--sql", action="append", default=[], help="statements to run first")
    parser.add_argument("--query", action="append", default=[], help="queries whose rows to print")
    args = parser.parse_args()

    builder = SparkSession.builder.master("local[2]").appName("read-with-spark")
    builder = builder.config("spark.jars", os.environ["SPARK_JARS"])
    builder = builder.config("spark.ui.enabled", "false")
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    for key, value in catalog_conf().items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        for statement in args.sql:
            spark.sql(statement).collect()
        # Spark returns timestamptz as local-time datetimes; the session time zone is UTC.
        for table in args.tables:
            for row in spark.table(f"{catalog_name()}.{table}").collect():
                values = {k: canonical(v) for k, v in row.asDict().items()}
                print(json.dumps({"table": table, "row": values}, ensure_ascii=False))
        for index, query in enumerate(args.query):
            for row in spark.sql(query).collect():
                values = {k: canonical(v) for k, v in row.asDict().items()}
                print(json.dumps({"query": index, "row": values}, ensure_ascii=False))
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
