-- gold.customer_segments: customers per segment of three dimensions (docs/kpis.md, "customers"):
-- recency of the last purchase (active <= 30 days before the lake's last business day, at_risk
-- <= 90, dormant <= 180, else churned), purchases (one_time, repeat: the repeat-purchase rate is
-- the repeat share), and loyalty tier (every customer).
WITH last_day AS (
  SELECT max(placed_date) AS day FROM silver.orders
),
buyers AS (
  SELECT customer_id, count(*) AS orders, max(placed_date) AS last_purchase
  FROM silver.orders
  WHERE status NOT IN ('cancelled', 'returned')
  GROUP BY customer_id
),
segmented AS (
  SELECT
    'recency' AS dimension,
    CASE
      WHEN datediff(d.day, b.last_purchase) <= 30 THEN 'active'
      WHEN datediff(d.day, b.last_purchase) <= 90 THEN 'at_risk'
      WHEN datediff(d.day, b.last_purchase) <= 180 THEN 'dormant'
      ELSE 'churned'
    END AS segment
  FROM buyers b
  CROSS JOIN last_day d
  UNION ALL
  SELECT 'purchases', CASE WHEN orders >= 2 THEN 'repeat' ELSE 'one_time' END FROM buyers
  UNION ALL
  SELECT 'tier', tier FROM silver.customers
)
SELECT
  dimension,
  segment,
  count(*) AS customers,
  CAST(count(*) AS DOUBLE) / sum(count(*)) OVER (PARTITION BY dimension) AS share
FROM segmented
GROUP BY dimension, segment
