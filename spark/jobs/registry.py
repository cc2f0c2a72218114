"""The table registry (iceberg/table-registry.json) the ingestion CLIs and the DAGs read: which
source tables exist in raw, with their primary keys, in the order parents come before children."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from jobs.errors import BadInputError

DEFAULT_REGISTRY = Path(__file__).resolve().parents[2] / "iceberg" / "table-registry.json"


@dataclass(frozen=True)
class SourceTable:
    name: str
    primary_key: tuple[str, ...]


def source_tables(env: dict[str, str] | None = None) -> list[SourceTable]:
    environ = os.environ if env is None else env
    path = Path(environ.get("TABLE_REGISTRY") or DEFAULT_REGISTRY)
    try:
        registry = json.loads(path.read_text(encoding="utf-8"))
        return [SourceTable(t["name"], tuple(t["primary_key"])) for t in registry["tables"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BadInputError(f"cannot read the table registry {path}: {error}") from error


def select(tables: list[SourceTable], names: list[str]) -> list[SourceTable]:
    """The named tables in registry order (all of them when no name is given)."""
    known = {t.name for t in tables}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise BadInputError(f'unknown table "{unknown[0]}": it is not in the table registry')
    return [t for t in tables if not names or t.name in names]
