SELECT
  c.alert_id,
  c.product_id,
  c.warehouse_id,
  status_code(c.alert_type) AS alert_type,
  status_code(c.status) AS status,
  c.quantity_at_raise,
  c.raised_at,
  business_date(c.raised_at) AS raised_date,
  c.resolved_at,
  business_date(c.resolved_at) AS resolved_date,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.alert_id IS NULL THEN 'null_key'
    WHEN status_code(c.alert_type) NOT IN ('below_safety_stock', 'out_of_stock') THEN 'unknown_alert_type'
    WHEN status_code(c.status) NOT IN ('open', 'resolved') THEN 'unknown_status'
  END AS _dq_rule
FROM changes c
