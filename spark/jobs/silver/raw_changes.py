"""Reading the raw change log: the row versions committed after the silver watermark, reduced to
the latest version per key by (_lsn, _seq) (docs/architecture.md, "Raw tables")."""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from jobs.silver.raw_range import RawRange


def read_versions(spark: SparkSession, catalog: str, raw_table: str, span: RawRange) -> DataFrame:
    """Rows of the append snapshots in the range (compactions of raw add nothing), or the whole
    table as of `end`."""
    reader = spark.read.format("iceberg")
    if span.full:
        reader = reader.option("versionAsOf", span.end)
    else:
        reader = reader.option("start-snapshot-id", span.start).option("end-snapshot-id", span.end)
    return reader.load(f"{catalog}.{raw_table}")


def latest_per_key(versions: DataFrame, key: tuple[str, ...]) -> DataFrame:
    """One row per key: its greatest (_lsn, _seq). Rows from before the change-log columns existed
    (null _lsn) are older than any that has one; _ingested_at breaks what is left of a tie."""
    order = Window.partitionBy(*key).orderBy(
        F.coalesce(F.col("_lsn"), F.lit(-1)).desc(),
        F.coalesce(F.col("_seq"), F.lit(-1)).desc(),
        F.col("_ingested_at").desc(),
    )
    return (
        versions.withColumn("_rank", F.row_number().over(order))
        .where("_rank = 1")
        .drop("_rank")
        .withColumn("_lsn", F.coalesce(F.col("_lsn"), F.lit(-1)))
        .withColumn("_seq", F.coalesce(F.col("_seq"), F.lit(-1)))
        .withColumn("_op", F.coalesce(F.col("_op"), F.lit("upsert")))
    )
