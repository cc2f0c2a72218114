"""The Assets the DAGs exchange: one per raw Iceberg table, updated by its commit."""

from __future__ import annotations

from airflow.sdk import Asset


def raw_asset(table: str) -> Asset:
    return Asset(name=f"raw.{table}", uri=f"iceberg:/raw/{table}")
