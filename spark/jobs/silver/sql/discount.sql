SELECT
  c.discount_id,
  c.code,
  c.name,
  status_code(c.discount_type) AS discount_type,
  c.value,
  c.max_discount_amount,
  c.min_order_amount,
  c.valid_from,
  c.valid_to,
  c.usage_limit,
  c.times_used,
  c.campaign,
  c.is_active,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.discount_id IS NULL THEN 'null_key'
    WHEN status_code(c.discount_type) NOT IN ('percent', 'fixed_amount') THEN 'unknown_discount_type'
    WHEN c.value < 0 OR c.max_discount_amount < 0 OR c.min_order_amount < 0 THEN 'negative_amount'
  END AS _dq_rule
FROM changes c
