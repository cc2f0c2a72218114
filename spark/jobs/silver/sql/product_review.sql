SELECT
  c.review_id,
  c.customer_id,
  c.product_id,
  c.channel_id,
  c.order_id,
  c.rating,
  c.title,
  c.body,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.review_id IS NULL THEN 'null_key'
  END AS _dq_rule
FROM changes c
