"""The platform's Iceberg catalog for PyIceberg: a SqlCatalog on the JDBC catalog's tables.

The one place Python builds it: readers in tests and the benchmarks use `load_catalog()`.
Settings come from the environment only (see settings.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote

from .catalog import catalog_name
from .settings import CATALOG_OWNER, required

if TYPE_CHECKING:
    from pyiceberg.catalog.sql import SqlCatalog


def catalog_uri(env: Mapping[str, str] = os.environ) -> str:
    """The SQLAlchemy URL of the catalog database; user and password URL-encoded."""
    user = quote(CATALOG_OWNER, safe="")
    password = quote(required("ICEBERG_CATALOG_PASSWORD", env), safe="")
    host, port = required("PG_HOST", env), required("PG_PORT", env)
    database = required("ICEBERG_CATALOG_DATABASE", env)
    return f"postgresql+psycopg2://{user}:{password}@{host}:{port}/{database}"


def catalog_properties(env: Mapping[str, str] = os.environ) -> dict[str, str]:
    """SqlCatalog's properties: the catalog database, the warehouse and the S3 store."""
    return {
        "uri": catalog_uri(env),
        "warehouse": required("ICEBERG_WAREHOUSE", env),
        # The TypeScript writer owns the catalog tables; never let PyIceberg create or alter them.
        "init_catalog_tables": "false",
        "s3.endpoint": required("S3_ENDPOINT", env),
        "s3.access-key-id": required("S3_ACCESS_KEY", env),
        "s3.secret-access-key": required("S3_SECRET_KEY", env),
        "s3.region": required("S3_REGION", env),
        "s3.force-virtual-addressing": "false",
    }


def load_catalog(env: Mapping[str, str] = os.environ) -> SqlCatalog:
    """The platform catalog as a PyIceberg SqlCatalog (needs the pyiceberg[sql-postgres] extra)."""
    from pyiceberg.catalog.sql import SqlCatalog

    return SqlCatalog(catalog_name(env), **catalog_properties(env))
