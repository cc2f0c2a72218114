-- Rows of the change log that break a data-quality rule, one per source table and key, with the
-- rule's name and the raw row (JSON) as it arrived. Rows that reference a parent not yet in
-- silver (orphan_*) are read again by every run of their table and leave when the parent came.
CREATE TABLE IF NOT EXISTS silver.dq_quarantine (
  source_table STRING,
  record_key STRING,
  rule STRING,
  record STRING,
  _lsn BIGINT,
  _seq BIGINT,
  quarantined_at TIMESTAMP
)
USING iceberg
PARTITIONED BY (source_table)
TBLPROPERTIES ('format-version' = '2')
