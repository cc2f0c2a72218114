"""The marts in build order (a mart may read one built before it) and where their SQL lives."""

from __future__ import annotations

import re
from pathlib import Path

from lakehouse.sql_text import sql_file, statements

from jobs.errors import BadInputError

SQL_DIR = Path(__file__).parent / "sql"
MARTS = (
    "daily_sales",
    "fulfillment",
    "inventory",
    "returns",
    "returns_by_reason",
    "customer_cohorts",
    "customer_segments",
    "funnel",
    "fraud_scores",
    "fraud_quality",
)
SOURCE_RE = re.compile(r"\b((?:silver|gold)\.\w+)")


def mart_sql(mart: str) -> str:
    return sql_file(SQL_DIR / f"{mart}.sql")


def sources(mart: str) -> list[str]:
    """The tables a mart reads, from its SQL (comments aside)."""
    code = "\n".join(statements(mart_sql(mart)))
    return sorted(set(SOURCE_RE.findall(code)))


def select_marts(names: list[str]) -> list[str]:
    unknown = [n for n in names if n not in MARTS]
    if unknown:
        raise BadInputError(f'unknown mart "{unknown[0]}" (known: {", ".join(MARTS)})')
    return [m for m in MARTS if not names or m in names]
