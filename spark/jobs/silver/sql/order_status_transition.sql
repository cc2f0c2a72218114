SELECT
  status_code(c.from_status) AS from_status,
  status_code(c.to_status) AS to_status,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.from_status IS NULL OR c.to_status IS NULL THEN 'null_key'
    WHEN status_code(c.from_status) NOT IN ('pending', 'confirmed', 'processing', 'packed', 'shipped', 'delivering', 'delivered', 'completed', 'cancelled', 'delivery_failed', 'returned') THEN 'unknown_from_status'
    WHEN status_code(c.to_status) NOT IN ('pending', 'confirmed', 'processing', 'packed', 'shipped', 'delivering', 'delivered', 'completed', 'cancelled', 'delivery_failed', 'returned') THEN 'unknown_to_status'
  END AS _dq_rule
FROM changes c
