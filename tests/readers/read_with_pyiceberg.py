"""Reads an Iceberg table through PyIceberg's SqlCatalog and prints it as one JSON document.

The TypeScript integration test runs this to prove that another engine reads what the TypeScript
writer committed: same JDBC catalog tables in PostgreSQL, same files on the S3 store.

Usage: read_with_pyiceberg.py <namespace>.<table>
Connection settings come from the environment (never argv, which other users can see):
CATALOG_URI (SQLAlchemy URL), CATALOG_NAME, S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import sys
from typing import Any

from pyiceberg.catalog.sql import SqlCatalog


def to_json_value(value: Any) -> Any:
    """Exact, engine-neutral text for values JSON has no type for."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {key: to_json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json_value(item) for item in value]
    return value


def main(identifier: str) -> int:
    catalog = SqlCatalog(
        os.environ["CATALOG_NAME"],
        uri=os.environ["CATALOG_URI"],
        # The TypeScript writer owns the catalog tables; never let a reader create or alter them.
        init_catalog_tables="false",
        **{
            "s3.endpoint": os.environ["S3_ENDPOINT"],
            "s3.access-key-id": os.environ["S3_ACCESS_KEY"],
            "s3.secret-access-key": os.environ["S3_SECRET_KEY"],
            "s3.region": os.environ.get("S3_REGION", "us-east-1"),
            "s3.force-virtual-addressing": "false",
        },
    )
    table = catalog.load_table(identifier)
    snapshots = [
        {
            # Strings: 63-bit ids do not survive a JavaScript number.
            "snapshot_id": str(snap.snapshot_id),
            "parent_snapshot_id": (
                None if snap.parent_snapshot_id is None else str(snap.parent_snapshot_id)
            ),
            "sequence_number": snap.sequence_number,
            "summary": (
                {"operation": snap.summary.operation.value, **snap.summary.additional_properties}
                if snap.summary
                else None
            ),
            "manifests": [manifest.manifest_path for manifest in snap.manifests(table.io)],
        }
        for snap in table.snapshots()
    ]
    arrow = table.scan().to_arrow()
    document = {
        "format_version": table.format_version,
        "schema": [
            {"id": field.field_id, "name": field.name, "type": str(field.field_type)}
            for field in table.schema().fields
        ],
        "snapshots": snapshots,
        "rows": [to_json_value(row) for row in arrow.to_pylist()],
    }
    json.dump(document, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: read_with_pyiceberg.py <namespace>.<table>\n")
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
