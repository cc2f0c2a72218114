SELECT
  c.wishlist_id,
  c.customer_id,
  c.product_id,
  c.added_at,
  business_date(c.added_at) AS added_date,
  c.removed_at,
  business_date(c.removed_at) AS removed_date,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.wishlist_id IS NULL THEN 'null_key'
  END AS _dq_rule
FROM changes c
