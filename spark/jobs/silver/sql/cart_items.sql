SELECT
  c.cart_item_id,
  c.cart_id,
  c.product_id,
  c.quantity,
  c.unit_price,
  c.discount_amount,
  c.amount,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.cart_item_id IS NULL THEN 'null_key'
    WHEN c.unit_price < 0 OR c.discount_amount < 0 OR c.amount < 0 THEN 'negative_amount'
    WHEN c.cart_id IS NOT NULL AND p_cart.cart_id IS NULL THEN 'orphan_cart'
  END AS _dq_rule
FROM changes c
LEFT JOIN (SELECT cart_id FROM silver.cart) p_cart ON p_cart.cart_id = c.cart_id
