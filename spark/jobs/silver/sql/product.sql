SELECT
  c.product_id,
  c.sku,
  c.name,
  c.category_id,
  c.sub_category_id,
  c.brand_id,
  c.list_price,
  c.unit_cost,
  c.weight_grams,
  c.warranty_months,
  c.launched_on,
  c.is_active,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.product_id IS NULL THEN 'null_key'
    WHEN c.list_price < 0 OR c.unit_cost < 0 THEN 'negative_amount'
  END AS _dq_rule
FROM changes c
