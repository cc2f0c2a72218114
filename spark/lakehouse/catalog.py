"""Spark configuration for the platform's Iceberg catalog (JDBC catalog in PostgreSQL, S3FileIO).

Every engine uses the same catalog name and the Java JdbcCatalog V1 table layout, so Spark,
PyIceberg and the TypeScript commit CLI see one set of tables. Settings come from the environment
only, as resolved by config/src/settings.ts (see settings.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from .settings import CATALOG_OWNER, required


def catalog_name(env: Mapping[str, str] = os.environ) -> str:
    """ICEBERG_CATALOG_NAME: the `catalog_name` every engine's catalog must use."""
    return required("ICEBERG_CATALOG_NAME", env)


def catalog_conf(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """spark.sql.catalog.<name>.* properties of the platform catalog, and Iceberg's extensions."""
    env = environ
    prefix = f"spark.sql.catalog.{catalog_name(env)}"
    host, port = required("PG_HOST", env), required("PG_PORT", env)
    database = required("ICEBERG_CATALOG_DATABASE", env)
    return {
        "spark.sql.extensions": "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        prefix: "org.apache.iceberg.spark.SparkCatalog",
        f"{prefix}.type": "jdbc",
        f"{prefix}.uri": f"jdbc:postgresql://{host}:{port}/{database}",
        f"{prefix}.jdbc.user": CATALOG_OWNER,
        f"{prefix}.jdbc.password": required("ICEBERG_CATALOG_PASSWORD", env),
        f"{prefix}.jdbc.schema-version": "V1",
        f"{prefix}.warehouse": required("ICEBERG_WAREHOUSE", env),
        f"{prefix}.io-impl": "org.apache.iceberg.aws.s3.S3FileIO",
        f"{prefix}.s3.endpoint": required("S3_ENDPOINT", env),
        f"{prefix}.s3.path-style-access": "true",
        f"{prefix}.s3.access-key-id": required("S3_ACCESS_KEY", env),
        f"{prefix}.s3.secret-access-key": required("S3_SECRET_KEY", env),
        f"{prefix}.client.region": required("S3_REGION", env),
        "spark.sql.session.timeZone": "UTC",
    }
