SELECT
  c.cart_id,
  c.customer_id,
  c.channel_id,
  status_code(c.status) AS status,
  c.last_activity_at,
  business_date(c.last_activity_at) AS last_activity_date,
  c.expires_at,
  business_date(c.expires_at) AS expires_date,
  c.checked_out_at,
  business_date(c.checked_out_at) AS checked_out_date,
  c.order_id,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.cart_id IS NULL THEN 'null_key'
    WHEN status_code(c.status) NOT IN ('active', 'checked_out', 'abandoned', 'expired') THEN 'unknown_status'
  END AS _dq_rule
FROM changes c
