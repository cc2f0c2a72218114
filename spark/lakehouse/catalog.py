"""Spark configuration for the platform's Iceberg catalog (JDBC catalog in PostgreSQL, S3FileIO).

Every engine uses the same catalog name and the Java JdbcCatalog V1 table layout, so Spark,
PyIceberg and the TypeScript commit CLI see one set of tables. Settings come from the environment
with the same names and defaults as config/src/settings.ts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def platform_env(env: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment over the settings `stack up` generated (as config/src/settings.ts does)."""
    default_home = (
        "/var/lib/ecommerce-platform"
        if os.geteuid() == 0
        else str(Path.home() / ".local/share/ecommerce-platform")
    )
    generated = Path(env.get("PLATFORM_HOME") or default_home) / "platform.env"
    merged: dict[str, str] = {}
    if generated.exists():
        for line in generated.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#") and "=" in line:
                name, value = line.split("=", 1)
                merged[name.strip()] = value.strip()
    merged.update(env)
    return merged


def _required(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "")
    if not value:
        raise SystemExit(f"{name} is not set (see .env.example)")
    return value


def catalog_name(env: Mapping[str, str] = os.environ) -> str:
    return env.get("ICEBERG_CATALOG_NAME") or "lakehouse"


def catalog_conf(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The spark.sql.catalog.* properties of the platform catalog, plus Iceberg's extensions."""
    env = platform_env(environ)
    name = catalog_name(env)
    host = env.get("PG_HOST") or "127.0.0.1"
    port = env.get("PG_PORT") or "5435"
    database = env.get("ICEBERG_CATALOG_DATABASE") or "iceberg_catalog"
    endpoint = env.get("S3_ENDPOINT") or f"http://127.0.0.1:{env.get('S3_PORT') or '9000'}"
    bucket = env.get("S3_BUCKET") or "lake"
    prefix = f"spark.sql.catalog.{name}"
    return {
        "spark.sql.extensions": "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        prefix: "org.apache.iceberg.spark.SparkCatalog",
        f"{prefix}.type": "jdbc",
        f"{prefix}.uri": f"jdbc:postgresql://{host}:{port}/{database}",
        f"{prefix}.jdbc.user": "iceberg_catalog",
        f"{prefix}.jdbc.password": _required(env, "ICEBERG_CATALOG_PASSWORD"),
        f"{prefix}.jdbc.schema-version": "V1",
        f"{prefix}.warehouse": env.get("ICEBERG_WAREHOUSE") or f"s3://{bucket}/warehouse/{name}",
        f"{prefix}.io-impl": "org.apache.iceberg.aws.s3.S3FileIO",
        f"{prefix}.s3.endpoint": endpoint,
        f"{prefix}.s3.path-style-access": "true",
        f"{prefix}.s3.access-key-id": _required(env, "S3_ACCESS_KEY"),
        f"{prefix}.s3.secret-access-key": _required(env, "S3_SECRET_KEY"),
        f"{prefix}.client.region": env.get("S3_REGION") or "us-east-1",
        "spark.sql.session.timeZone": "UTC",
    }
