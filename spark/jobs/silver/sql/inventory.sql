SELECT
  c.product_id,
  c.warehouse_id,
  c.quantity,
  c.safety_stock,
  c.reorder_level,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.product_id IS NULL OR c.warehouse_id IS NULL THEN 'null_key'
  END AS _dq_rule
FROM changes c
