-- The oracle of gold.customer_segments (docs/kpis.md, "customers").
WITH buyers AS (
  SELECT customer_id, count(*) AS orders,
         max((placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS last_purchase
  FROM oltp.orders
  WHERE status NOT IN ('Cancelled', 'Returned')
  GROUP BY customer_id
),
today AS (
  SELECT max((placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day FROM oltp.orders
),
labelled AS (
  SELECT 'recency' AS dimension,
         CASE WHEN t.day - b.last_purchase <= 30 THEN 'active'
              WHEN t.day - b.last_purchase <= 90 THEN 'at_risk'
              WHEN t.day - b.last_purchase <= 180 THEN 'dormant'
              ELSE 'churned' END AS segment
  FROM buyers b, today t
  UNION ALL
  SELECT 'purchases', CASE WHEN orders > 1 THEN 'repeat' ELSE 'one_time' END FROM buyers
  UNION ALL
  SELECT 'tier', lower(tier) FROM oltp.customers
)
SELECT dimension, segment, count(*) AS customers,
       count(*)::float8 / sum(count(*)) OVER (PARTITION BY dimension) AS share
FROM labelled
GROUP BY dimension, segment
