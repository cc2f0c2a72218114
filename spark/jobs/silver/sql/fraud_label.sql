SELECT
  c.fraud_label_id,
  status_code(c.entity_type) AS entity_type,
  c.entity_id,
  c.fraud_pattern,
  c.scenario,
  c.labeled_at,
  business_date(c.labeled_at) AS labeled_date,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.fraud_label_id IS NULL THEN 'null_key'
    WHEN status_code(c.entity_type) NOT IN ('customer', 'order', 'payment') THEN 'unknown_entity_type'
  END AS _dq_rule
FROM changes c
