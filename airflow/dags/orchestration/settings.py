"""The DAGs' settings, read only from the environment the runtime (or compose) gives Airflow.

The one resolver of the settings is config/src/settings.ts; the runtime starts every Airflow
component with its resolved values, so nothing here has a default of its own except where a value
is optional for parsing (a DAG file must import on a machine without the stack, e.g. in pytest).
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


class SettingsError(RuntimeError):
    """A setting the DAGs need is missing or malformed."""


def required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise SettingsError(
            f"{name} is not set: Airflow must be started by the platform's runtime or compose"
        )
    return value


def containers() -> dict:
    """PLATFORM_CONTAINERS: docker_url, network_mode, labels and, per image role, its reference,
    non-secret environment and secrets by name: the container's variable -> the worker's variable
    holding the value (runtime/src/airflow/dag-containers.ts)."""
    try:
        return json.loads(required("PLATFORM_CONTAINERS"))
    except json.JSONDecodeError as error:
        raise SettingsError(f"PLATFORM_CONTAINERS is not JSON: {error}") from error


def table_registry_path() -> Path:
    return Path(os.environ.get("TABLE_REGISTRY") or REPO_ROOT / "iceberg" / "table-registry.json")


def ingestion_schedule() -> str | None:
    """A cron expression or preset; `none` leaves 01_ingestion to manual and REST triggers."""
    schedule = required("AIRFLOW_INGESTION_SCHEDULE")
    return None if schedule == "none" else schedule


def source_pool() -> str:
    return required("AIRFLOW_SOURCE_POOL")


def task_retries() -> tuple[int, timedelta, timedelta]:
    """Retries of every task, the first delay (doubled each try) and its cap."""
    names = (
        "AIRFLOW_TASK_RETRIES",
        "AIRFLOW_RETRY_DELAY_SECONDS",
        "AIRFLOW_MAX_RETRY_DELAY_SECONDS",
    )
    values = []
    for name in names:
        raw = required(name)
        if not raw.isdigit():
            raise SettingsError(f"{name} must be a whole number, got {raw!r}")
        values.append(int(raw))
    retries, delay, cap = values
    return retries, timedelta(seconds=delay), timedelta(seconds=cap)
