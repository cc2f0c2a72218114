SELECT
  c.activity_id,
  c.customer_id,
  c.session_id,
  status_code(c.activity_type) AS activity_type,
  c.channel_id,
  c.product_id,
  c.search_query,
  c.metadata,
  c.occurred_at,
  business_date(c.occurred_at) AS occurred_date,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.activity_id IS NULL THEN 'null_key'
    WHEN status_code(c.activity_type) NOT IN ('view', 'search', 'add_to_cart', 'remove_from_cart', 'purchase', 'review', 'wishlist') THEN 'unknown_activity_type'
    WHEN c.channel_id IS NOT NULL AND p_order_channel.channel_id IS NULL THEN 'orphan_order_channel'
  END AS _dq_rule
FROM changes c
LEFT JOIN (SELECT channel_id FROM silver.order_channel) p_order_channel ON p_order_channel.channel_id = c.channel_id
