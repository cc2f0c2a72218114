-- The oracle of gold.customer_cohorts (docs/kpis.md, "customers").
WITH months AS (
  SELECT DISTINCT customer_id, date_trunc('month', placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS month
  FROM oltp.orders
  WHERE status NOT IN ('Cancelled', 'Returned')
),
firsts AS (
  SELECT customer_id, min(month) AS cohort_month FROM months GROUP BY customer_id
)
SELECT
  f.cohort_month,
  ((extract(year FROM m.month) - extract(year FROM f.cohort_month)) * 12
    + extract(month FROM m.month) - extract(month FROM f.cohort_month))::int AS month_offset,
  (SELECT count(*) FROM firsts x WHERE x.cohort_month = f.cohort_month) AS cohort_customers,
  count(*) AS active_customers,
  count(*)::float8 / (SELECT count(*) FROM firsts x WHERE x.cohort_month = f.cohort_month) AS retention
FROM months m
JOIN firsts f USING (customer_id)
GROUP BY f.cohort_month, m.month
