SELECT
  c.order_item_id,
  c.order_id,
  c.product_id,
  c.warehouse_id,
  c.quantity,
  c.unit_price,
  c.discount_amount,
  c.line_amount,
  c.cost_amount,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.order_item_id IS NULL THEN 'null_key'
    WHEN c.unit_price < 0 OR c.discount_amount < 0 OR c.line_amount < 0 OR c.cost_amount < 0 THEN 'negative_amount'
    WHEN c.order_id IS NOT NULL AND p_orders.order_id IS NULL THEN 'orphan_orders'
    WHEN c.product_id IS NOT NULL AND p_product.product_id IS NULL THEN 'orphan_product'
  END AS _dq_rule
FROM changes c
LEFT JOIN (SELECT order_id FROM silver.orders) p_orders ON p_orders.order_id = c.order_id
LEFT JOIN (SELECT product_id FROM silver.product) p_product ON p_product.product_id = c.product_id
