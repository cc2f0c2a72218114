SELECT
  c.order_id,
  c.order_code,
  c.customer_id,
  c.channel_id,
  c.cart_id,
  status_code(c.status) AS status,
  c.placed_at,
  business_date(c.placed_at) AS placed_date,
  c.payment_method_id,
  c.shipping_geo_id,
  c.shipping_address,
  c.discount_id,
  c.subtotal_amount,
  c.discount_amount,
  c.shipping_fee,
  c.total_amount,
  c.device_fingerprint,
  c.ip_address,
  c.completed_at,
  business_date(c.completed_at) AS completed_date,
  c.cancelled_at,
  business_date(c.cancelled_at) AS cancelled_date,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.order_id IS NULL THEN 'null_key'
    WHEN status_code(c.status) NOT IN ('pending', 'confirmed', 'processing', 'packed', 'shipped', 'delivering', 'delivered', 'completed', 'cancelled', 'delivery_failed', 'returned') THEN 'unknown_status'
    WHEN c.subtotal_amount < 0 OR c.discount_amount < 0 OR c.shipping_fee < 0 OR c.total_amount < 0 THEN 'negative_amount'
    WHEN c.customer_id IS NOT NULL AND p_customers.customer_id IS NULL THEN 'orphan_customers'
    WHEN c.channel_id IS NOT NULL AND p_order_channel.channel_id IS NULL THEN 'orphan_order_channel'
    WHEN c.shipping_geo_id IS NOT NULL AND p_geo_location.geo_id IS NULL THEN 'orphan_geo_location'
  END AS _dq_rule
FROM changes c
LEFT JOIN (SELECT customer_id FROM silver.customers) p_customers ON p_customers.customer_id = c.customer_id
LEFT JOIN (SELECT channel_id FROM silver.order_channel) p_order_channel ON p_order_channel.channel_id = c.channel_id
LEFT JOIN (SELECT geo_id FROM silver.geo_location) p_geo_location ON p_geo_location.geo_id = c.shipping_geo_id
