"""SparkSessions on the platform catalog: for jobs (spark-submit sets master and sizes from
spark/conf) and for notebooks (a small, self-releasing share of the cluster)."""

from __future__ import annotations

import os
from pathlib import Path

from pyspark.sql import SparkSession

from lakehouse.catalog import catalog_conf, catalog_name
from lakehouse.sql_text import sql_file, statements

FUNCTIONS_SQL = Path(__file__).with_name("functions.sql")


EXTENSIONS = "spark.sql.extensions"


def _with_catalog(builder: SparkSession.Builder, procedures: bool = False) -> SparkSession:
    """Iceberg's SQL extensions only where their procedures (CALL) are needed: their parser
    refuses SQL functions (CREATE FUNCTION ... RETURN raises UnsupportedOperationException), and
    Spark 4 runs MERGE INTO on Iceberg tables without them."""
    for key, value in catalog_conf().items():
        if key != EXTENSIONS or procedures:
            builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    # Temporary functions belong to the session catalog; Iceberg's catalog cannot hold them. The
    # procedures' parser cannot create them, and maintenance does not need them.
    if not procedures:
        for statement in statements(sql_file(FUNCTIONS_SQL)):
            spark.sql(statement)
    # Statements name tables as namespace.table (raw.orders, silver.orders, gold.daily_sales).
    spark.sql(f"USE {catalog_name()}")
    return spark


def job_session(app_name: str, procedures: bool = False) -> SparkSession:
    return _with_catalog(SparkSession.builder.appName(app_name), procedures)


def notebook_session(app_name: str = "notebook") -> SparkSession:
    """A notebook's session on the standalone master: one core at most, and its executor goes away
    after a minute idle (dynamic allocation), so an open notebook never holds back the jobs."""
    builder = (
        SparkSession.builder.appName(app_name)
        .master(os.environ["SPARK_MASTER_URL"])
        .config("spark.jars", os.environ["SPARK_JARS"])
        .config("spark.cores.max", "1")
        .config("spark.executor.cores", "1")
        .config("spark.executor.memory", "768m")
        .config("spark.dynamicAllocation.enabled", "true")
        .config("spark.dynamicAllocation.shuffleTracking.enabled", "true")
        .config("spark.dynamicAllocation.executorIdleTimeout", "60s")
        .config("spark.dynamicAllocation.maxExecutors", "1")
    )
    return _with_catalog(builder)
