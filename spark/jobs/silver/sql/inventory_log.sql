SELECT
  c.log_id,
  c.product_id,
  c.warehouse_id,
  status_code(c.change_type) AS change_type,
  c.quantity_before,
  c.quantity_change,
  c.quantity_after,
  status_code(c.reference_type) AS reference_type,
  c.reference_id,
  c.lot_id,
  c.note,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.log_id IS NULL THEN 'null_key'
    WHEN status_code(c.change_type) NOT IN ('sale', 'restock', 'return', 'adjustment', 'damage') THEN 'unknown_change_type'
    WHEN status_code(c.reference_type) NOT IN ('order', 'purchase_order', 'return', 'manual') THEN 'unknown_reference_type'
  END AS _dq_rule
FROM changes c
