"""Which raw snapshots a silver run reads, decided from the table's history alone (pure, so the
rule is tested without Spark)."""

from __future__ import annotations

from dataclasses import dataclass

from lakehouse.table_history import TableHistory


@dataclass(frozen=True)
class RawRange:
    """The raw snapshots a run reads: after `start` (exclusive, None = from the beginning) up to
    `end` (inclusive, pinned when the run starts). `full` when the whole table is read."""

    start: int | None
    end: int
    full: bool


def plan_range(history: TableHistory, watermark: int | None) -> RawRange | None:
    """None when raw has no rows the watermark has not seen: no snapshot yet, none newer, or only
    snapshots that add no rows (change capture commits its LSN on every table each run). An
    incremental read from the watermark while its child is still kept; after an expiry
    (maintenance) or a re-snapshot it is not, and the run reads the whole table."""
    end = history.current_id
    if end is None or end == watermark:
        return None
    newer = None if watermark is None else history.after(watermark)
    if newer is None:
        return RawRange(None, end, full=True)
    if not any(s.adds_rows for s in newer):
        return None
    return RawRange(watermark, end, full=False)
