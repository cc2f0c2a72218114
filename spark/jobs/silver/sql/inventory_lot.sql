SELECT
  c.lot_id,
  c.product_id,
  c.warehouse_id,
  c.purchase_order_id,
  c.received_at,
  business_date(c.received_at) AS received_date,
  c.unit_cost,
  c.quantity_received,
  c.quantity_remaining,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.lot_id IS NULL THEN 'null_key'
    WHEN c.unit_cost < 0 THEN 'negative_amount'
  END AS _dq_rule
FROM changes c
