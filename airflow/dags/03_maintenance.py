"""03_maintenance: daily Iceberg maintenance (snapshot expiry, orphan files, compaction).

The Spark job's maintenance command (spark/bin/submit maintenance, docs/spark.md), as the
object store's maintenance user: the one allowed to rewrite raw's files too.
"""

from datetime import UTC, datetime

from airflow.sdk import DAG
from orchestration.containers import container_task

with DAG(
    dag_id="03_maintenance",
    schedule="@daily",
    start_date=datetime(2026, 1, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    tags=["maintenance"],
    doc_md=__doc__,
):
    container_task("maintenance", "spark-maintenance", ["maintenance"])
