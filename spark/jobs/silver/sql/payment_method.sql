SELECT
  c.payment_method_id,
  c.code,
  c.name,
  c.is_cash_on_delivery,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.payment_method_id IS NULL THEN 'null_key'
  END AS _dq_rule
FROM changes c
