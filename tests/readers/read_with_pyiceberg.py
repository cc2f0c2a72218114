"""Reads Iceberg tables through PyIceberg and prints one JSON document per read, one per line.

The TypeScript integration tests run this to prove that another engine reads what the TypeScript
writer committed: same JDBC catalog tables in PostgreSQL, same files on the S3 store.

    read_with_pyiceberg.py <namespace>.<table>[::<filter>] ...

A filter (PyIceberg's expression syntax, e.g. "id >= 10") scans with that row filter, so the
engine prunes data files by their column bounds as any reader would. All reads share one process
(starting Python with PyArrow is the slow part). Settings come from the environment only
(spark/lakehouse/settings.py), never argv, which other users can see.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "spark"))

from lakehouse.pyiceberg_catalog import load_catalog  # noqa: E402

if TYPE_CHECKING:
    from pyiceberg.catalog.sql import SqlCatalog


def to_json_value(value: Any) -> Any:
    """Exact, engine-neutral text for values JSON has no type for."""
    if isinstance(value, decimal.Decimal):
        return format(value, "f")  # str() turns small values into exponents (0E-8)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {key: to_json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json_value(item) for item in value]
    return value


def read(catalog: SqlCatalog, identifier: str, row_filter: str | None) -> dict[str, Any]:
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
    scan = table.scan(row_filter=row_filter) if row_filter else table.scan()
    return {
        "format_version": table.format_version,
        "schema": [
            {"id": field.field_id, "name": field.name, "type": str(field.field_type)}
            for field in table.schema().fields
        ],
        "snapshots": snapshots,
        "files_scanned": len(list(scan.plan_files())),
        "rows": [to_json_value(row) for row in scan.to_arrow().to_pylist()],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("reads", nargs="+", help="namespace.table, or namespace.table::filter")
    args = parser.parse_args()
    catalog = load_catalog()
    for spec in args.reads:
        identifier, _, row_filter = spec.partition("::")
        json.dump(read(catalog, identifier, row_filter or None), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
