-- gold.customer_cohorts: monthly cohorts by first purchase; retention at month m = share of the
-- cohort buying in the m-th month after its first (docs/kpis.md, "customers"). A purchase is a
-- sold order (not cancelled, not returned to sender); months are business months.
WITH purchases AS (
  SELECT DISTINCT customer_id, trunc(placed_date, 'MM') AS month
  FROM silver.orders
  WHERE status NOT IN ('cancelled', 'returned')
),
cohorts AS (
  SELECT customer_id, min(month) AS cohort_month FROM purchases GROUP BY customer_id
),
sizes AS (
  SELECT cohort_month, count(*) AS cohort_customers FROM cohorts GROUP BY cohort_month
),
activity AS (
  SELECT
    c.cohort_month,
    CAST(months_between(p.month, c.cohort_month) AS INT) AS month_offset,
    count(*) AS active_customers
  FROM purchases p
  JOIN cohorts c ON c.customer_id = p.customer_id
  GROUP BY c.cohort_month, CAST(months_between(p.month, c.cohort_month) AS INT)
)
SELECT
  a.cohort_month,
  a.month_offset,
  s.cohort_customers,
  a.active_customers,
  CAST(a.active_customers AS DOUBLE) / s.cohort_customers AS retention
FROM activity a
JOIN sizes s ON s.cohort_month = a.cohort_month
