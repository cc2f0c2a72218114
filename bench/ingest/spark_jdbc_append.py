"""(c) The original project's method: Spark JDBC read of oltp.<table> -> Iceberg append.

Usage (through scripts/python.sh spark, which puts the pinned jars on SPARK_JARS):
  spark_jdbc_append.py TABLE [--since-max]
Without --since-max: CREATE OR REPLACE the target <catalog>.raw_spark.<table> (partitioned like
the registry says) and append every row. With --since-max: read only rows whose cursor is past
the max cursor already in the Iceberg table, and append them (the incremental run).
Reads with local[2] and a 2-way partitioned JDBC read on the primary key (fetchsize 10,000).
Prints one JSON line: rows, seconds inside the session (read+append), session start seconds.
Settings from the environment: OLTP_DATABASE, OLTP_READER_PASSWORD, PG_HOST/PG_PORT, catalog vars.
"""

from __future__ import annotations

import json
import os
import sys
import time

T0 = time.monotonic()

from lakehouse.catalog import catalog_conf, catalog_name  # noqa: E402
from lakehouse.settings import required  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

TABLES = {
    "orders": ("order_id", "updated_at", "placed_at"),
    "customer_activity_log": ("activity_id", "created_at", "occurred_at"),
    "order_channel": ("channel_id", "updated_at", None),
}


def main() -> None:
    table = sys.argv[1]
    incremental = "--since-max" in sys.argv[2:]
    key, cursor, part = TABLES[table]
    builder = (
        SparkSession.builder.master("local[2]")
        .appName(f"bench-spark-jdbc-{table}")
        .config("spark.jars", os.environ["SPARK_JARS"])
        .config("spark.driver.memory", "2g")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    for k, v in catalog_conf().items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    started = time.monotonic()
    cat = catalog_name()
    target = f"{cat}.raw_spark.{table}"
    host, port = required("PG_HOST"), required("PG_PORT")
    url = f"jdbc:postgresql://{host}:{port}/{required('OLTP_DATABASE')}"
    props = {
        "user": "ecommerce_reader",
        "password": required("OLTP_READER_PASSWORD"),
        "driver": "org.postgresql.Driver",
        "fetchsize": "10000",
    }
    try:
        spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {cat}.raw_spark")
        where = "true"
        if incremental:
            prev = spark.sql(f"SELECT max({cursor}) AS m FROM {target}").collect()[0]["m"]
            where = f"{cursor} > '{prev.isoformat()}+00'"
        bounds = spark.read.jdbc(
            url,
            f"(SELECT min({key}) AS lo, max({key}) AS hi FROM oltp.{table} WHERE {where}) b",
            properties=props,
        ).collect()[0]
        source = f"(SELECT * FROM oltp.{table} WHERE {where}) s"
        if bounds["lo"] is None:
            df = spark.read.jdbc(url, source, properties=props)
        else:
            df = spark.read.jdbc(
                url,
                source,
                column=key,
                lowerBound=int(bounds["lo"]),
                upperBound=int(bounds["hi"]) + 1,
                numPartitions=2,
                properties=props,
            )
        df = df.withColumn("_ingested_at", F.current_timestamp()).withColumn(
            "_batch_id", F.lit(f"spark-{int(time.time())}")
        )
        if incremental:
            df.writeTo(target).append()
        else:
            writer = df.writeTo(target).using("iceberg").tableProperty("format-version", "2")
            if part:
                writer = writer.partitionedBy(F.days(part))
            writer.createOrReplace()
        done = time.monotonic()
        # The JVM is a child the Python driver never reaps, so /usr/bin/time cannot see it: read
        # its peak resident set (VmHWM) directly.
        jvm_pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
        with open(f"/proc/{jvm_pid}/status") as status:
            hwm_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        rows = spark.sql(f"SELECT count(*) AS n FROM {target}").collect()[0]["n"]
        appended = spark.sql(
            f"SELECT summary['added-records'] AS n FROM {target}.snapshots"
            " ORDER BY committed_at DESC LIMIT 1"
        ).collect()[0]["n"]
        print(
            json.dumps(
                {
                    "table": table,
                    "incremental": incremental,
                    "appended_rows": int(appended),
                    "table_rows": int(rows),
                    "session_seconds": round(done - started, 3),
                    "startup_seconds": round(started - T0, 3),
                    "jvm_peak_rss_mb": round(hwm_kb / 1024),
                }
            ),
            flush=True,
        )
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
