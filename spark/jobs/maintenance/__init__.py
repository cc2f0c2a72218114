"""Maintenance: Iceberg upkeep of raw, silver and gold (compaction, snapshot expiry, orphan files,
manifests), safe while the TypeScript writers commit."""
