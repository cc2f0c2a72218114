-- The oracle of the KPI summary (spark/jobs/gold/summary.sql): the oracle of gold.daily_sales
-- (daily_sales.sql, put in place of {daily_sales} by the test) summed per channel; counts and sums
-- exact, the ratios from the sums, unrounded (the summary rounds margin to 4 places, AOV to 2).
SELECT
  channel,
  sum(orders) AS orders,
  sum(sold_orders) AS sold_orders,
  sum(gross_sales) AS gmv,
  sum(net_revenue) AS net_revenue,
  sum(gross_profit) AS gross_profit,
  sum(gross_profit)::float8 / nullif(sum(net_revenue), 0)::float8 AS margin,
  sum(net_revenue)::float8 / nullif(sum(sold_orders), 0) AS aov
FROM ({daily_sales}) daily
GROUP BY channel
ORDER BY channel
