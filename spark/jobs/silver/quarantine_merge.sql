-- One run's verdicts for one source table (view quarantine_changes): a rule name puts the key's
-- version in quarantine (or replaces the one there), a null rule takes the key out (it passed, or
-- it was deleted).
MERGE INTO silver.dq_quarantine q
USING quarantine_changes s
ON q.source_table = s.source_table AND q.record_key = s.record_key
WHEN MATCHED AND s.rule IS NULL THEN DELETE
WHEN MATCHED THEN UPDATE SET
  rule = s.rule, record = s.record, _lsn = s._lsn, _seq = s._seq, quarantined_at = s.quarantined_at
WHEN NOT MATCHED AND s.rule IS NOT NULL THEN INSERT *
