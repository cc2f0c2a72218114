"""Which raw snapshots silver reads: incremental from its watermark, nothing when the newer
snapshots add no rows, in full once the snapshot after the watermark is gone."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jobs.silver.raw_range import RawRange, plan_range  # noqa: E402
from lakehouse.table_history import Snapshot, TableHistory  # noqa: E402


def snap(snapshot_id: int, parent: int | None, records: int, operation: str = "append") -> Snapshot:
    summary = {"added-records": str(records)}
    return Snapshot(snapshot_id, parent, snapshot_id, snapshot_id * 1_000, summary, operation)


def history(*snapshots: Snapshot) -> TableHistory:
    return TableHistory(snapshots[-1].snapshot_id, snapshots)


RAW = history(snap(1, None, 100), snap(2, 1, 0), snap(3, 2, 5), snap(4, 3, 0))


def test_first_run_reads_everything() -> None:
    assert plan_range(RAW, None) == RawRange(None, 4, full=True)
    assert plan_range(TableHistory(None, ()), None) is None


def test_incremental_from_the_watermark_when_newer_snapshots_add_rows() -> None:
    assert plan_range(RAW, 2) == RawRange(2, 4, full=False)
    assert plan_range(RAW, 1) == RawRange(1, 4, full=False)


def test_nothing_to_read_when_the_newer_snapshots_add_no_rows() -> None:
    assert plan_range(RAW, 4) is None
    assert plan_range(RAW, 3) is None
    compacted = history(snap(1, None, 100), snap(2, 1, 0, "replace"))
    assert plan_range(compacted, 1) is None


def test_an_expired_watermark_still_reads_incrementally_while_its_child_is_kept() -> None:
    expired_one = history(snap(3, 2, 5), snap(4, 3, 0))
    assert plan_range(expired_one, 2) == RawRange(2, 4, full=False)


def test_full_read_once_the_child_of_the_watermark_is_gone_or_the_table_was_recreated() -> None:
    assert plan_range(history(snap(4, 3, 0)), 2) == RawRange(None, 4, full=True)
    recreated = history(snap(70, None, 90))
    assert plan_range(recreated, 2) == RawRange(None, 70, full=True)
