SELECT
  c.partner_id,
  c.code,
  c.name,
  c.on_time_rate,
  c.base_fee,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.partner_id IS NULL THEN 'null_key'
    WHEN c.base_fee < 0 THEN 'negative_amount'
  END AS _dq_rule
FROM changes c
