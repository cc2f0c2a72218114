SELECT
  c.payment_id,
  c.order_id,
  c.payment_method_id,
  c.attempt_no,
  status_code(c.status) AS status,
  c.amount,
  c.refunded_amount,
  c.paid_at,
  business_date(c.paid_at) AS paid_date,
  c.failure_reason,
  c.transaction_ref,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.payment_id IS NULL THEN 'null_key'
    WHEN status_code(c.status) NOT IN ('pending', 'paid', 'failed', 'refunded', 'partially_refunded', 'chargeback') THEN 'unknown_status'
    WHEN c.amount < 0 OR c.refunded_amount < 0 THEN 'negative_amount'
    WHEN c.order_id IS NOT NULL AND p_orders.order_id IS NULL THEN 'orphan_orders'
  END AS _dq_rule
FROM changes c
LEFT JOIN (SELECT order_id FROM silver.orders) p_orders ON p_orders.order_id = c.order_id
