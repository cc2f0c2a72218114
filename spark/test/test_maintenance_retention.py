"""The expiry rule: the retention, but never past the snapshot silver or gold still reads from."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jobs.maintenance.retention import DAY_MS, expiry_cutoff_ms, snapshot_to_keep  # noqa: E402
from lakehouse.table_history import Snapshot, TableHistory  # noqa: E402


def history(*parents: tuple[int, int | None, int, dict[str, str]]) -> TableHistory:
    snaps = tuple(Snapshot(i, p, n, ts, s) for n, (i, p, ts, s) in enumerate(parents, start=1))
    return TableHistory(snaps[-1].snapshot_id, snaps)


RAW = history((10, None, 1_000, {}), (11, 10, 2_000, {}), (12, 11, 3_000, {}))


def test_raw_keeps_the_snapshot_after_the_silver_watermark() -> None:
    keep = snapshot_to_keep("raw", RAW, silver_watermark=10, job_property=None)
    assert keep is not None and keep.snapshot_id == 11
    assert expiry_cutoff_ms(10 * DAY_MS, 1, keep) == 2_000


def test_raw_without_a_watermark_or_up_to_date_keeps_nothing_special() -> None:
    assert snapshot_to_keep("raw", RAW, silver_watermark=None, job_property=None) is None
    assert snapshot_to_keep("raw", RAW, silver_watermark=12, job_property=None) is None
    assert expiry_cutoff_ms(10 * DAY_MS, 1, None) == 9 * DAY_MS


def test_silver_keeps_the_newest_snapshot_carrying_its_watermark() -> None:
    silver = history(
        (20, None, 1_000, {"silver.raw-snapshot-id": "10"}),
        (21, 20, 2_000, {"silver.raw-snapshot-id": "11"}),
        (22, 21, 3_000, {"operation": "replace"}),
    )
    keep = snapshot_to_keep("silver", silver, None, "silver.raw-snapshot-id")
    assert keep is not None and keep.snapshot_id == 21
    assert expiry_cutoff_ms(10 * DAY_MS, 0, keep) == 2_000
    # A retention shorter than the protected snapshot's age never wins over it.
    assert expiry_cutoff_ms(1_500, 0, keep) == 1_500
