"""The data-quality quarantine (silver.dq_quarantine): what a run puts in, what it takes out, and
the orphans it reads again."""

from __future__ import annotations

from pathlib import Path

from lakehouse.sql_text import sql_file
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StructType

HERE = Path(__file__).parent
TABLE = "silver.dq_quarantine"
# Timestamps keep their microseconds through the JSON copy of the row.
JSON_OPTIONS = {"timestampFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX"}


def ensure_table(spark: SparkSession) -> None:
    spark.sql(sql_file(HERE / "quarantine.sql"))


def rules_by_table(spark: SparkSession) -> dict[str, set[str]]:
    """What is in quarantine now, once per run: tables with nothing there skip the quarantine."""
    held: dict[str, set[str]] = {}
    for row in spark.sql(f"SELECT DISTINCT source_table, rule FROM {TABLE}").collect():
        held.setdefault(row["source_table"], set()).add(row["rule"])
    return held


def record_json(columns: list[str]) -> F.Column:
    return F.to_json(F.struct(*[F.col(c) for c in columns]), JSON_OPTIONS)


def record_key(key: tuple[str, ...]) -> F.Column:
    """The key as JSON; a row without a key is told apart by its content."""
    key_json = F.to_json(F.struct(*[F.col(k) for k in key]))
    no_key = F.concat(F.lit("no-key:"), F.sha2(F.col("_record"), 256))
    missing = F.lit(False)
    for k in key:
        missing = missing | F.col(k).isNull()
    return F.when(missing, no_key).otherwise(key_json)


def orphans_to_retry(spark: SparkSession, table: str, raw_schema: StructType) -> DataFrame:
    """The table's quarantined orphans, as raw rows, to be judged again with this run's changes."""
    return (
        spark.table(TABLE)
        .where((F.col("source_table") == table) & F.col("rule").startswith("orphan_"))
        .select(F.from_json("record", raw_schema, JSON_OPTIONS).alias("r"))
        .select("r.*")
    )


def apply(
    spark: SparkSession, table: str, key: tuple[str, ...], rejected: DataFrame, cleared: DataFrame
) -> int:
    """Quarantines `rejected` (key columns, _record, _dq_rule, _lsn, _seq) and releases the keys of
    `cleared` (key columns, _record). Only real changes are merged, so a run that learns nothing
    new commits nothing here. Returns how many quarantined keys were released."""
    current = spark.table(TABLE).where(F.col("source_table") == table)
    added = rejected.select(
        F.lit(table).alias("source_table"),
        record_key(key).alias("record_key"),
        F.col("_dq_rule").alias("rule"),
        F.col("_record").alias("record"),
        "_lsn",
        "_seq",
        F.current_timestamp().alias("quarantined_at"),
    ).join(current, ["source_table", "record_key", "rule", "_lsn", "_seq"], "left_anti")
    released = cleared.select(
        F.lit(table).alias("source_table"), record_key(key).alias("record_key")
    ).join(
        current.select("source_table", "record_key"), ["source_table", "record_key"], "left_semi"
    )
    # Materialised, as the silver MERGE source is (jobs/silver/job.py).
    changes = added.unionByName(released, allowMissingColumns=True).localCheckpoint()
    if changes.isEmpty():
        return 0
    changes.createOrReplaceTempView("quarantine_changes")
    spark.sql(sql_file(HERE / "quarantine_merge.sql"))
    return changes.where(F.col("rule").isNull()).count()
