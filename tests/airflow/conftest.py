"""Fixtures: the DagBag of airflow/dags in either configuration (dag_configurations.py)."""

from __future__ import annotations

import json

import pytest
from dag_configurations import CONFIGURATIONS, DAGS


@pytest.fixture(params=sorted(CONFIGURATIONS))
def configuration(request, monkeypatch) -> tuple[str, dict]:
    spec = CONFIGURATIONS[request.param]
    monkeypatch.setenv("PLATFORM_CONTAINERS", json.dumps(spec))
    monkeypatch.setenv("AIRFLOW_INGESTION_SCHEDULE", "@hourly")
    monkeypatch.setenv("AIRFLOW_SOURCE_POOL", "oltp_source")
    monkeypatch.setenv("AIRFLOW_TASK_RETRIES", "3")
    monkeypatch.setenv("AIRFLOW_RETRY_DELAY_SECONDS", "10")
    monkeypatch.setenv("AIRFLOW_MAX_RETRY_DELAY_SECONDS", "300")
    return request.param, spec


@pytest.fixture
def dagbag(configuration):
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS), safe_mode=False)
