"""02_transformation: silver then gold, as spark-submit containers against the Spark master.

Scheduled on the raw Assets 01_ingestion's commits update, once all of them are (one run per
ingestion run, after its last commit: docs/airflow.md), and triggerable by hand.
The command lines are spark/bin/submit's (docs/spark.md).
"""

from datetime import UTC, datetime

from airflow.sdk import DAG, AssetAll, chain
from orchestration.assets import raw_asset
from orchestration.containers import container_task
from orchestration.registry import table_names

with DAG(
    dag_id="02_transformation",
    schedule=AssetAll(*(raw_asset(table) for table in table_names())),
    start_date=datetime(2026, 1, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    tags=["transformation"],
    doc_md=__doc__,
):
    chain(
        container_task("silver", "spark", ["silver", "--all"]),
        container_task("gold", "spark", ["gold", "--all"]),
    )
