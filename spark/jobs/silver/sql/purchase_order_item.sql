SELECT
  c.purchase_order_item_id,
  c.purchase_order_id,
  c.product_id,
  c.quantity_ordered,
  c.quantity_received,
  c.unit_cost,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.purchase_order_item_id IS NULL THEN 'null_key'
    WHEN c.unit_cost < 0 THEN 'negative_amount'
  END AS _dq_rule
FROM changes c
