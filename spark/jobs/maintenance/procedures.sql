-- The Iceberg procedures one maintenance pass runs on a table, in this order ({catalog},
-- {table}, {older_than} filled in by jobs/maintenance/job.py), before its orphan files are removed
-- (job.py: the procedure refuses any retention under 24 hours, the action does not). Compaction
-- and manifest rewrites are replace commits: a concurrent append of the ingestion retries its
-- compare-and-swap on top of them and loses nothing.
CALL {catalog}.system.rewrite_data_files(table => '{table}', options => map('min-input-files', '2'));
CALL {catalog}.system.rewrite_manifests(table => '{table}');
CALL {catalog}.system.expire_snapshots(table => '{table}', older_than => TIMESTAMP '{older_than}', retain_last => 1)
