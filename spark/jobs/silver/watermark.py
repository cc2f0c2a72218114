"""Which raw snapshot a silver table has processed up to: recorded in the summary of the silver
snapshot that merged it (same commit as the data), read back from the table's snapshots."""

from __future__ import annotations

from lakehouse.table_history import TableHistory
from pyspark.sql import SparkSession

PROPERTY = "silver.raw-snapshot-id"
SESSION_CONF = f"spark.sql.iceberg.snapshot-property.{PROPERTY}"


def processed_snapshot(history: TableHistory) -> int | None:
    value = history.newest_with(PROPERTY)
    return None if value is None else int(value)


class CommitWatermark:
    """`with CommitWatermark(spark, id):` around the write that must carry the watermark."""

    def __init__(self, spark: SparkSession, raw_snapshot_id: int) -> None:
        self._spark = spark
        self._value = str(raw_snapshot_id)

    def __enter__(self) -> None:
        self._spark.conf.set(SESSION_CONF, self._value)

    def __exit__(self, *_: object) -> None:
        self._spark.conf.unset(SESSION_CONF)
