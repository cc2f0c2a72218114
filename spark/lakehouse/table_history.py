"""An Iceberg table's snapshots read from its metadata through the Java API (no Spark job: a
silver run asks this of every table, and a job per question costs more than the answer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the pure parts are unit-tested without Spark
    from pyspark.sql import SparkSession


@dataclass(frozen=True)
class Snapshot:
    snapshot_id: int
    parent_id: int | None
    sequence_number: int
    timestamp_ms: int
    summary: dict[str, str]
    operation: str | None = None

    @property
    def adds_rows(self) -> bool:
        """An append that brought rows. Change capture commits its LSN also without rows, and a
        compaction (`replace`) adds files but no new row versions."""
        return self.operation == "append" and self.summary.get("added-records", "0") != "0"


@dataclass(frozen=True)
class TableHistory:
    current_id: int | None
    snapshots: tuple[Snapshot, ...]  # oldest first

    def current_ancestry(self) -> list[Snapshot]:
        """The current snapshot and its ancestors still kept, newest first."""
        by_id = {s.snapshot_id: s for s in self.snapshots}
        chain, at = [], self.current_id
        while at is not None and at in by_id:
            chain.append(by_id[at])
            at = by_id[at].parent_id
        return chain

    def newest_carrying(self, prop: str) -> Snapshot | None:
        """The newest snapshot of the current history whose summary has the property (the
        maintenance's compactions do not carry the jobs' properties)."""
        for snapshot in self.current_ancestry():
            if prop in snapshot.summary:
                return snapshot
        return None

    def newest_with(self, prop: str) -> str | None:
        snapshot = self.newest_carrying(prop)
        return None if snapshot is None else snapshot.summary[prop]

    def after(self, snapshot_id: int) -> list[Snapshot] | None:
        """The snapshots of the current history newer than `snapshot_id`, oldest first, from its
        child on: enough even when `snapshot_id` itself was expired, since an incremental read
        starts from the parent of a kept snapshot. None when its child is not kept either (or the
        table was recreated): only a full read is exact then."""
        chain = self.current_ancestry()[::-1]
        for i, snapshot in enumerate(chain):
            if snapshot.parent_id == snapshot_id:
                return chain[i:]
        return None

    def child_of(self, snapshot_id: int | None) -> Snapshot | None:
        """The snapshot of the current history whose parent is `snapshot_id`."""
        newer = None if snapshot_id is None else self.after(snapshot_id)
        return newer[0] if newer else None


def table_history(spark: SparkSession, table: str) -> TableHistory:
    jvm = spark.sparkContext._jvm
    assert jvm is not None
    # Qualified: an unqualified namespace.table is first tried as catalog.table (a warning each).
    qualified = f"{spark.catalog.currentCatalog()}.{table}"
    loaded = jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(
        spark._jsparkSession, qualified
    )
    snapshots = []
    for s in loaded.snapshots():
        parent = s.parentId()
        snapshots.append(
            Snapshot(
                int(s.snapshotId()),
                None if parent is None else int(parent),
                int(s.sequenceNumber()),
                int(s.timestampMillis()),
                {str(k): str(v) for k, v in dict(s.summary()).items()},
                None if s.operation() is None else str(s.operation()),
            )
        )
    current = loaded.currentSnapshot()
    snapshots.sort(key=lambda s: s.sequence_number)
    return TableHistory(None if current is None else int(current.snapshotId()), tuple(snapshots))
