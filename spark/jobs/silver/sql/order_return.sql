SELECT
  c.return_id,
  c.order_id,
  c.order_item_id,
  status_code(c.return_type) AS return_type,
  c.reason,
  status_code(c.status) AS status,
  c.refund_amount,
  c.requested_at,
  business_date(c.requested_at) AS requested_date,
  c.resolved_at,
  business_date(c.resolved_at) AS resolved_date,
  c.restocked,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.return_id IS NULL THEN 'null_key'
    WHEN status_code(c.return_type) NOT IN ('refund', 'exchange', 'repair') THEN 'unknown_return_type'
    WHEN status_code(c.status) NOT IN ('pending', 'approved', 'rejected', 'processing', 'completed') THEN 'unknown_status'
    WHEN c.refund_amount < 0 THEN 'negative_amount'
    WHEN c.order_id IS NOT NULL AND p_orders.order_id IS NULL THEN 'orphan_orders'
  END AS _dq_rule
FROM changes c
LEFT JOIN (SELECT order_id FROM silver.orders) p_orders ON p_orders.order_id = c.order_id
