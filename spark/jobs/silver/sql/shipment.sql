SELECT
  c.shipment_id,
  c.order_id,
  c.partner_id,
  c.shipping_method_id,
  c.warehouse_id,
  c.tracking_code,
  status_code(c.status) AS status,
  c.shipping_fee,
  c.shipped_at,
  business_date(c.shipped_at) AS shipped_date,
  c.estimated_delivery_at,
  business_date(c.estimated_delivery_at) AS estimated_delivery_date,
  c.delivered_at,
  business_date(c.delivered_at) AS delivered_date,
  c.attempt_count,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.shipment_id IS NULL THEN 'null_key'
    WHEN status_code(c.status) NOT IN ('pending', 'picked_up', 'in_transit', 'delivering', 'delivered', 'failed', 'returned_to_sender') THEN 'unknown_status'
    WHEN c.shipping_fee < 0 THEN 'negative_amount'
    WHEN c.order_id IS NOT NULL AND p_orders.order_id IS NULL THEN 'orphan_orders'
  END AS _dq_rule
FROM changes c
LEFT JOIN (SELECT order_id FROM silver.orders) p_orders ON p_orders.order_id = c.order_id
