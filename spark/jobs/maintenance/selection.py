"""What the maintenance job may be asked for, checked without Spark (spark/check_usage.py runs it
before a JVM starts): namespaces, namespace.table names and non-negative retentions."""

from __future__ import annotations

from jobs.errors import BadInputError

NAMESPACES = ("raw", "silver", "gold")
DEFAULT_RETAIN_DAYS = 5.0
DEFAULT_ORPHAN_DAYS = 3.0


def check_selection(namespaces: list[str], tables: list[str]) -> None:
    for name in namespaces:
        if name not in NAMESPACES:
            raise BadInputError(f'unknown namespace "{name}" (known: {", ".join(NAMESPACES)})')
    for name in tables:
        if name.split(".")[0] not in NAMESPACES or name.count(".") != 1:
            raise BadInputError(f'table "{name}" must be raw.<t>, silver.<t> or gold.<t>')


def retentions(retain_days: float | None, orphan_days: float | None) -> tuple[float, float]:
    """The snapshot and orphan-file retentions in days, defaults filled in."""
    retain = DEFAULT_RETAIN_DAYS if retain_days is None else retain_days
    orphan = DEFAULT_ORPHAN_DAYS if orphan_days is None else orphan_days
    if retain < 0 or orphan < 0:
        raise BadInputError("--retain-days and --orphan-days must not be negative")
    return retain, orphan
