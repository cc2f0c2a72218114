"""The tables `01_ingestion` moves: iceberg/table-registry.json, which the tasks CLIs read."""

from __future__ import annotations

import json

from orchestration.settings import table_registry_path


def table_names() -> list[str]:
    with table_registry_path().open(encoding="utf-8") as file:
        return [table["name"] for table in json.load(file)["tables"]]
