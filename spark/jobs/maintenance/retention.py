"""How far back maintenance may expire a table's snapshots: the retention setting, but never past
a snapshot the transformation still needs. Pure, so the rule is tested directly."""

from __future__ import annotations

from lakehouse.table_history import Snapshot, TableHistory

DAY_MS = 86_400_000


def expiry_cutoff_ms(now_ms: int, retain_days: float, keep: Snapshot | None) -> int:
    """Snapshots older than the returned instant may be expired; `keep` stays, with all after it."""
    cutoff = now_ms - int(retain_days * DAY_MS)
    return cutoff if keep is None else min(cutoff, keep.timestamp_ms)


def snapshot_to_keep(
    namespace: str, history: TableHistory, silver_watermark: int | None, job_property: str | None
) -> Snapshot | None:
    """raw: the snapshot right after silver's watermark, where its next incremental read starts
    (the start only has to be the parent of a kept snapshot). silver and gold: the newest snapshot
    carrying the job's property (watermark, sources), which compactions do not carry."""
    if namespace == "raw":
        return history.child_of(silver_watermark)
    return None if job_property is None else history.newest_carrying(job_property)
