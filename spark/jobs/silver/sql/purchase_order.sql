SELECT
  c.purchase_order_id,
  c.po_code,
  c.warehouse_id,
  status_code(c.status) AS status,
  c.ordered_at,
  business_date(c.ordered_at) AS ordered_date,
  c.expected_at,
  business_date(c.expected_at) AS expected_date,
  c.received_at,
  business_date(c.received_at) AS received_date,
  c.cancelled_at,
  business_date(c.cancelled_at) AS cancelled_date,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.purchase_order_id IS NULL THEN 'null_key'
    WHEN status_code(c.status) NOT IN ('ordered', 'received', 'cancelled') THEN 'unknown_status'
  END AS _dq_rule
FROM changes c
