"""01_ingestion: every table of iceberg/table-registry.json from PostgreSQL into raw Iceberg tables.

One task group per table runs the tasks image's extract -> load -> commit under one run id (the
steps hand off through the lake, docs/ingestion.md); each commit updates the Asset raw.<table>,
which schedules 02_transformation. Once every table has committed, confirm advances the
change-capture slot to what all of them hold (WAL before it can go), and reconcile checks the lake
against the source.
"""

from datetime import UTC, datetime

from airflow.sdk import DAG, TaskGroup, chain
from orchestration.assets import raw_asset
from orchestration.containers import container_task
from orchestration.registry import table_names
from orchestration.settings import ingestion_schedule, source_pool

RUN_ID = "{{ run_id }}"

with DAG(
    dag_id="01_ingestion",
    schedule=ingestion_schedule(),
    start_date=datetime(2026, 1, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    tags=["ingestion"],
    doc_md=__doc__,
):
    commits = []
    for table in table_names():
        with TaskGroup(group_id=table):
            extract, load, commit = (
                container_task(
                    step,
                    "tasks",
                    [step, "--table", table, "--run-id", RUN_ID],
                    # Only extract reads the source: the pool bounds the load on PostgreSQL.
                    **({"pool": source_pool()} if step == "extract" else {}),
                    **({"outlets": [raw_asset(table)]} if step == "commit" else {}),
                )
                for step in ("extract", "load", "commit")
            )
            chain(extract, load, commit)
        commits.append(commit)
    confirm = container_task("confirm", "tasks", ["confirm"], pool=source_pool())
    reconcile = container_task("reconcile", "tasks", ["reconcile", "--all"], pool=source_pool())
    chain(commits, confirm, reconcile)
