"""The silver job: for each source table, the raw versions committed since the table's watermark,
reduced to the latest per key, judged by the table's rules (sql/<table>.sql), quarantined or merged
into silver.<table> together with the new watermark. See docs/spark.md."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from lakehouse.sql_text import sql_file, statements
from lakehouse.table_history import table_history
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from jobs.errors import PrerequisiteError
from jobs.registry import SourceTable
from jobs.silver import quarantine
from jobs.silver.raw_changes import latest_per_key, read_versions
from jobs.silver.raw_range import plan_range
from jobs.silver.watermark import CommitWatermark, processed_snapshot

HERE = Path(__file__).parent
PARENT_RE = re.compile(r"\bsilver\.(\w+)")


def table_sql(table: str) -> str:
    return sql_file(HERE / "sql" / f"{table}.sql")


def require_parents(spark: SparkSession, table: str) -> None:
    code = "\n".join(statements(table_sql(table)))
    for parent in sorted(set(PARENT_RE.findall(code)) - {table}):
        if not spark.catalog.tableExists(f"silver.{parent}"):
            raise PrerequisiteError(
                f"silver.{table} checks references against silver.{parent}, which does not "
                f"exist yet: run silver for {parent} first (or for all tables)"
            )


def ensure_silver_table(spark: SparkSession, target: str, schema_of: DataFrame) -> None:
    if spark.catalog.tableExists(target):
        return
    columns = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in schema_of.schema.fields)
    spark.sql(
        f"CREATE TABLE {target} ({columns}) USING iceberg TBLPROPERTIES ('format-version' = '2')"
    )


def merge_statement(target: str, key: tuple[str, ...], columns: list[str]) -> str:
    return sql_file(HERE / "merge.sql").format(
        target=target,
        on=" AND ".join(f"t.`{k}` = s.`{k}`" for k in key),
        assignments=", ".join(f"`{c}` = s.`{c}`" for c in columns),
        columns=", ".join(f"`{c}`" for c in columns),
        values=", ".join(f"s.`{c}`" for c in columns),
    )


def new_changes(
    spark: SparkSession, target: str, key: tuple[str, ...], accepted: DataFrame, deleted: DataFrame
) -> DataFrame:
    """What silver does not hold yet: versions not already applied, deletes of keys it has."""
    applied = spark.table(target).select(*key, "_lsn", "_seq")
    upserts = accepted.join(applied, [*key, "_lsn", "_seq"], "left_anti")
    deletes = deleted.join(applied.select(*key), list(key), "left_semi")
    return upserts.withColumn("_op", F.lit("upsert")).unionByName(
        deletes.withColumn("_op", F.lit("delete")), allowMissingColumns=True
    )


def silver_table(
    spark: SparkSession, source: SourceTable, quarantined_now: dict[str, set[str]]
) -> dict[str, Any]:
    """One source table. `quarantined_now`: the rules each table has rows quarantined under."""
    name, key = source.name, source.primary_key
    raw, target = f"raw.{name}", f"silver.{name}"
    result: dict[str, Any] = {"table": name}
    if not spark.catalog.tableExists(raw):
        return {**result, "status": "no-raw-table"}
    require_parents(spark, name)
    exists = spark.catalog.tableExists(target)
    watermark = processed_snapshot(table_history(spark, target)) if exists else None
    span = plan_range(table_history(spark, raw), watermark)
    if span is None:
        if not exists:
            # Raw exists without data yet: an empty silver table, so the marts can read it.
            spark.table(raw).limit(0).withColumn(
                "_record", F.lit(None).cast("string")
            ).createOrReplaceTempView("changes")
            judged = spark.sql(table_sql(name))
            ensure_silver_table(spark, target, judged.drop("_dq_rule", "_record"))
        return {**result, "status": "up-to-date", "raw_snapshot": watermark}

    versions = read_versions(spark, spark.catalog.currentCatalog(), raw, span)
    held = quarantined_now.get(name, set())
    if any(rule.startswith("orphan_") for rule in held):
        versions = versions.unionByName(quarantine.orphans_to_retry(spark, name, versions.schema))
    latest = (
        latest_per_key(versions, key)
        .withColumn("_record", quarantine.record_json(versions.columns))
        .persist()
    )
    try:
        latest.where("_op <> 'delete'").createOrReplaceTempView("changes")
        judged = spark.sql(table_sql(name)).persist()
        deleted = latest.where("_op = 'delete'").select(*key, "_lsn", "_seq", "_record")
        verdicts = Counter(
            {
                r["_dq_rule"]: r["count"]
                for r in judged.select("_dq_rule")
                .unionByName(deleted.select(F.lit("_deleted").alias("_dq_rule")))
                .groupBy("_dq_rule")
                .count()
                .collect()
            }
        )
        silver_columns = [c for c in judged.columns if c not in ("_dq_rule", "_record")]
        accepted = judged.where("_dq_rule IS NULL")
        rejected = {rule for rule in verdicts if rule not in (None, "_deleted")}
        released = 0
        if rejected or held:
            released = quarantine.apply(
                spark,
                name,
                key,
                rejected=judged.where("_dq_rule IS NOT NULL"),
                cleared=accepted.select(*key, "_record").unionByName(
                    deleted.select(*key, "_record")
                ),
            )
        if not exists:
            # The first load: no MERGE, the table is created with its rows and the watermark in
            # one commit (deletes of keys it never had are nothing to apply).
            with CommitWatermark(spark, span.end):
                accepted.select(*silver_columns).writeTo(target).using("iceberg").tableProperty(
                    "format-version", "2"
                ).create()
            counts, status = {"upsert": verdicts.get(None, 0)}, "merged"
        else:
            # Materialised: MERGE cannot plan a source that still reads Iceberg tables through a
            # view (Spark 4.1: "No plan for TableReference"), and the source is read twice.
            changes = new_changes(
                spark,
                target,
                key,
                accepted.select(*silver_columns),
                deleted.select(*key, "_lsn", "_seq"),
            ).localCheckpoint()
            counts = {r["_op"]: r["count"] for r in changes.groupBy("_op").count().collect()}
            status = "unchanged"
            if counts:
                changes.createOrReplaceTempView("silver_changes")
                with CommitWatermark(spark, span.end):
                    spark.sql(merge_statement(target, key, silver_columns))
                status = "merged"
        judged.unpersist()
    finally:
        latest.unpersist()
    return {
        **result,
        "status": status,
        "mode": "full" if span.full else "incremental",
        "raw_snapshot": span.end,
        "keys": sum(verdicts.values()),
        "upserted": counts.get("upsert", 0),
        "deleted": counts.get("delete", 0),
        "quarantined": {rule: verdicts[rule] for rule in sorted(rejected)},
        "released": released,
    }


def run_silver(spark: SparkSession, tables: list[SourceTable]) -> dict[str, Any]:
    spark.sql("CREATE NAMESPACE IF NOT EXISTS silver")
    quarantine.ensure_table(spark)
    held = quarantine.rules_by_table(spark)
    results = [silver_table(spark, t, held) for t in tables]
    return {
        "job": "silver",
        "status": "merged" if any(r["status"] == "merged" for r in results) else "unchanged",
        "tables": results,
        "quarantined": sum(sum(r.get("quarantined", {}).values()) for r in results),
    }
