"""The maintenance job: for every table of raw, silver and gold (or the chosen ones), compaction,
manifest rewrite, snapshot expiry within the retention (never past what silver and gold still
read from) and removal of orphan files older than the orphan retention, which must exceed the
longest write in flight: files an ingestion run uploaded but has not committed yet look exactly
like the files of a run that died."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path
from typing import Any

from lakehouse.sql_text import sql_file, statements
from lakehouse.table_history import table_history
from pyspark.sql import SparkSession

from jobs.gold.job import PROPERTY as GOLD_PROPERTY
from jobs.maintenance.retention import DAY_MS, expiry_cutoff_ms, snapshot_to_keep
from jobs.maintenance.selection import NAMESPACES, check_selection, retentions
from jobs.silver.watermark import PROPERTY as SILVER_PROPERTY
from jobs.silver.watermark import processed_snapshot

HERE = Path(__file__).parent
JOB_PROPERTY = {"raw": None, "silver": SILVER_PROPERTY, "gold": GOLD_PROPERTY}


def chosen_tables(spark: SparkSession, args: argparse.Namespace) -> list[str]:
    check_selection(args.namespace, args.table)
    if args.table:
        return list(args.table)
    tables = []
    for namespace in args.namespace or NAMESPACES:
        if spark.catalog.databaseExists(namespace):
            rows = spark.sql(f"SHOW TABLES IN {namespace}").collect()
            tables += sorted(f"{namespace}.{r['tableName']}" for r in rows)
    return tables


def timestamp_sql(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def remove_orphan_files(spark: SparkSession, table: str, older_than_ms: int) -> int:
    """Iceberg's action rather than its procedure, which refuses a retention under 24 hours: the
    retention is the operator's call (it must exceed the longest write in flight)."""
    jvm = spark.sparkContext._jvm
    assert jvm is not None
    session = spark._jsparkSession
    loaded = jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(
        session, f"{spark.catalog.currentCatalog()}.{table}"
    )
    actions = jvm.org.apache.iceberg.spark.actions.SparkActions.get(session)
    action = actions.deleteOrphanFiles(loaded).olderThan(older_than_ms).usePrefixListing(True)
    return int(action.execute().orphanFilesCount())


def maintain(spark: SparkSession, table: str, retain_days: float, orphan_days: float) -> dict:
    namespace, name = table.split(".")
    history = table_history(spark, table)
    if history.current_id is None:
        return {"table": table, "status": "empty"}
    watermark = None
    if namespace == "raw" and spark.catalog.tableExists(f"silver.{name}"):
        watermark = processed_snapshot(table_history(spark, f"silver.{name}"))
    keep = snapshot_to_keep(namespace, history, watermark, JOB_PROPERTY[namespace])
    now_ms = int(time.time() * 1000)
    text = sql_file(HERE / "procedures.sql").format(
        catalog=spark.catalog.currentCatalog(),
        table=table,
        older_than=timestamp_sql(expiry_cutoff_ms(now_ms, retain_days, keep)),
    )
    rewrite, manifests, expire = (spark.sql(s).collect() for s in statements(text))
    orphans = remove_orphan_files(spark, table, now_ms - int(orphan_days * DAY_MS))
    return {
        "table": table,
        "status": "maintained",
        "rewritten_data_files": int(rewrite[0]["rewritten_data_files_count"]),
        "added_data_files": int(rewrite[0]["added_data_files_count"]),
        "rewritten_manifests": int(manifests[0]["rewritten_manifests_count"]),
        "expired_snapshots": len(history.snapshots) - len(table_history(spark, table).snapshots),
        "deleted_data_files": int(expire[0]["deleted_data_files_count"]),
        "orphan_files_removed": orphans,
        "kept_from_snapshot": None if keep is None else str(keep.snapshot_id),
    }


def run_maintenance(spark: SparkSession, args: argparse.Namespace) -> dict[str, Any]:
    retain, orphan = retentions(args.retain_days, args.orphan_days)
    results = [maintain(spark, t, retain, orphan) for t in chosen_tables(spark, args)]
    return {"job": "maintenance", "status": "done", "tables": results}
