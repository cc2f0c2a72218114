"""The gold job: rebuilds a mart from its SQL when one of the tables it reads has changed since
it was built (their snapshot ids are recorded in the mart's snapshot, committed with its data),
and commits nothing when none has."""

from __future__ import annotations

import json
from typing import Any

from lakehouse.table_history import table_history
from pyspark.sql import SparkSession

from jobs.errors import PrerequisiteError
from jobs.gold.marts import mart_sql, sources

PROPERTY = "gold.sources"
SESSION_CONF = f"spark.sql.iceberg.snapshot-property.{PROPERTY}"


def source_state(spark: SparkSession, mart: str) -> str:
    missing = [t for t in sources(mart) if not spark.catalog.tableExists(t)]
    if missing:
        raise PrerequisiteError(
            f"gold.{mart} reads {missing[0]}, which does not exist yet: run silver first"
        )
    state = {t: str(table_history(spark, t).current_id) for t in sources(mart)}
    return json.dumps(state, sort_keys=True)


def built_from(spark: SparkSession, target: str) -> str | None:
    if not spark.catalog.tableExists(target):
        return None
    return table_history(spark, target).newest_with(PROPERTY)


def build_mart(spark: SparkSession, mart: str) -> dict[str, Any]:
    target = f"gold.{mart}"
    state = source_state(spark, mart)
    if built_from(spark, target) == state:
        return {"mart": mart, "status": "up-to-date"}
    spark.conf.set(SESSION_CONF, state)
    try:
        # One atomic replace: readers see the previous mart or the new one, never a mix.
        spark.sql(
            f"CREATE OR REPLACE TABLE {target} USING iceberg "
            f"TBLPROPERTIES ('format-version' = '2') AS {mart_sql(mart)}"
        )
    finally:
        spark.conf.unset(SESSION_CONF)
    built = table_history(spark, target).current_ancestry()
    rows = int(built[0].summary.get("total-records", 0)) if built else 0
    return {"mart": mart, "status": "built", "rows": rows}


def run_gold(spark: SparkSession, marts: list[str]) -> dict[str, Any]:
    """`marts` in build order (jobs.gold.marts.select_marts)."""
    spark.sql("CREATE NAMESPACE IF NOT EXISTS gold")
    results = [build_mart(spark, m) for m in marts]
    built = any(r["status"] == "built" for r in results)
    return {"job": "gold", "status": "built" if built else "unchanged", "marts": results}
