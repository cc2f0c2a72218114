"""The DAG files: they import cleanly, their tasks and dependencies are as specified, and every
task's container is built from the configuration alone (tests/airflow/conftest.py)."""

from __future__ import annotations

import json

import pytest
from dag_configurations import DAGS, MAINTENANCE_SECRETS, REPO_ROOT, SPARK_SECRETS, TASKS_SECRETS

DAG_IDS = {"01_ingestion", "02_transformation", "03_maintenance", "simulate"}
STEPS = ("extract", "load", "commit")


def registry_tables() -> list[str]:
    registry = json.loads((REPO_ROOT / "iceberg" / "table-registry.json").read_text())
    return [table["name"] for table in registry["tables"]]


def test_every_dag_imports_without_errors_or_warnings(dagbag):
    assert dagbag.import_errors == {}
    assert dagbag.captured_warnings == {}
    assert set(dagbag.dag_ids) == DAG_IDS
    # Every .py file at the top of the folder is a DAG file; helpers live in orchestration/.
    assert len(dagbag.dagbag_stats) == len(list(DAGS.glob("*.py")))


def test_ingestion_runs_extract_load_commit_per_table_then_confirm_and_reconcile(dagbag):
    dag = dagbag.dags["01_ingestion"]
    tables = registry_tables()
    expected = {f"{table}.{step}" for table in tables for step in STEPS} | {"confirm", "reconcile"}
    assert set(dag.task_dict) == expected
    for table in tables:
        extract, load, commit = (dag.get_task(f"{table}.{step}") for step in STEPS)
        assert extract.downstream_task_ids == {load.task_id}
        assert load.downstream_task_ids == {commit.task_id}
        assert commit.downstream_task_ids == {"confirm"}
        assert [asset.name for asset in commit.outlets] == [f"raw.{table}"]
        assert extract.pool == "oltp_source"
        assert load.pool != "oltp_source"
        assert extract.command == ["extract", "--table", table, "--run-id", "{{ run_id }}"]
    assert dag.get_task("reconcile").command == ["reconcile", "--all"]
    assert dag.get_task("confirm").command == ["confirm"]
    assert dag.get_task("confirm").upstream_task_ids == {f"{t}.commit" for t in tables}
    assert dag.get_task("reconcile").upstream_task_ids == {"confirm"}


def test_ingestion_schedule_and_retries(dagbag):
    dag = dagbag.dags["01_ingestion"]
    assert dag.schedule == "@hourly"
    assert not dag.catchup
    for task in dag.tasks:
        assert task.retries == 3
        assert task.retry_exponential_backoff == 2.0
        assert task.retry_delay.total_seconds() == 10
        assert task.max_retry_delay.total_seconds() == 300


def test_retries_are_settings(configuration, monkeypatch):
    from airflow.dag_processing.dagbag import DagBag

    monkeypatch.setenv("AIRFLOW_TASK_RETRIES", "0")
    monkeypatch.setenv("AIRFLOW_RETRY_DELAY_SECONDS", "2")
    dag = DagBag(dag_folder=str(DAGS / "02_transformation.py")).dags["02_transformation"]
    assert {(t.retries, t.retry_delay.total_seconds()) for t in dag.tasks} == {(0, 2)}
    monkeypatch.setenv("AIRFLOW_TASK_RETRIES", "three")
    bag = DagBag(dag_folder=str(DAGS / "02_transformation.py"))
    assert "AIRFLOW_TASK_RETRIES must be a whole number" in str(bag.import_errors)


def test_ingestion_schedule_is_a_setting(configuration, monkeypatch):
    from airflow.dag_processing.dagbag import DagBag

    monkeypatch.setenv("AIRFLOW_INGESTION_SCHEDULE", "*/15 * * * *")
    dag = DagBag(dag_folder=str(DAGS / "01_ingestion.py")).dags["01_ingestion"]
    assert dag.schedule == "*/15 * * * *"
    monkeypatch.setenv("AIRFLOW_INGESTION_SCHEDULE", "none")
    dag = DagBag(dag_folder=str(DAGS / "01_ingestion.py")).dags["01_ingestion"]
    assert dag.schedule is None


def test_transformation_runs_on_the_raw_assets_silver_then_gold(dagbag):
    dag = dagbag.dags["02_transformation"]
    # All of them: one run per ingestion run, not one per commit competing with the ingestion.
    assert type(dag.schedule).__name__ == "AssetAll"
    consumed = {asset.name for asset in dag.schedule.objects}
    assert consumed == {f"raw.{table}" for table in registry_tables()}
    assert dag.get_task("silver").downstream_task_ids == {"gold"}
    assert dag.get_task("silver").command == ["silver", "--all"]
    assert dag.get_task("gold").command == ["gold", "--all"]


def test_spark_tasks_run_the_spark_image_with_its_secrets_only(dagbag, configuration):
    _, spec = configuration
    for dag_id, task_id, role, secrets in [
        ("02_transformation", "silver", "spark", SPARK_SECRETS),
        ("02_transformation", "gold", "spark", SPARK_SECRETS),
        # The one Spark task that may rewrite raw's files: the maintenance user.
        ("03_maintenance", "maintenance", "spark-maintenance", MAINTENANCE_SECRETS),
    ]:
        task = dagbag.dags[dag_id].get_task(task_id)
        assert task.unavailable is None
        assert task.image == spec["images"]["spark"]["image"]
        assert task.environment == spec["images"][role]["environment"]
        assert task.secrets == secrets
        # The command is the job: the image's entrypoint is spark/bin/submit.
        assert task.entrypoint is None


def test_maintenance_is_daily(dagbag):
    dag = dagbag.dags["03_maintenance"]
    assert dag.schedule == "@daily"
    assert dag.get_task("maintenance").command == ["maintenance"]


def test_simulate_takes_its_parameters_from_the_trigger_form(dagbag):
    dag = dagbag.dags["simulate"]
    assert dag.schedule is None
    assert set(dag.params) == {"scenario", "days", "until", "speed", "seed"}
    task = dag.get_task("gen_data")
    assert task.image == "ecommerce-platform/gen_data:0.1.0"
    assert task.secrets == {"OLTP_WRITER_PASSWORD": "OLTP_WRITER_PASSWORD"}


@pytest.mark.parametrize("dag_id", sorted(DAG_IDS))
def test_every_container_comes_from_the_configuration(dagbag, configuration, dag_id):
    name, spec = configuration
    for task in dagbag.dags[dag_id].tasks:
        assert task.docker_url == spec["docker_url"]
        assert task.network_mode == ("host" if name == "native" else "ecommerce-platform")
        assert task.labels == spec["labels"]
        assert task.mounts == []
        assert task.mount_tmp_dir is False
        assert task.auto_remove == "never"  # removed by the operator once stdout is read
        roles = [r for r in spec["images"].values() if r["environment"] == task.environment]
        assert task.unavailable is None
        assert len(roles) == 1, task.task_id
        assert task.image == roles[0]["image"]
        assert task.secrets == roles[0]["secrets"]


def test_secrets_are_in_no_templated_field(dagbag):
    task = dagbag.dags["01_ingestion"].get_task("orders.extract")
    assert task.secrets == TASKS_SECRETS
    assert task._private_environment == {}
    for field in task.template_fields:
        assert "PASSWORD" not in json.dumps(getattr(task, field), default=str)


def test_every_try_of_a_task_instance_names_its_container_alike():
    from orchestration.containers import container_name

    run = "manual__2026-12-04T11:37:20.123456+00:00"
    name = container_name("01_ingestion", "orders.extract", run)
    assert name == "01_ingestion.orders.extract.manual__2026-12-04T11-37-20.123456-00-00"
    assert name != container_name("01_ingestion", "orders.load", run)
    assert name != container_name("01_ingestion", "orders.extract", run.replace("11:37", "11:38"))
