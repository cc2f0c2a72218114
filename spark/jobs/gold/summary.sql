-- The KPI summary `npm start` ends with: gold.daily_sales over every business date, per channel.
-- Ratios from the summed parts (an average of daily ratios would weigh a quiet day like a busy one).
SELECT
  channel,
  sum(orders) AS orders,
  sum(sold_orders) AS sold_orders,
  sum(gross_sales) AS gmv,
  sum(net_revenue) AS net_revenue,
  sum(gross_profit) AS gross_profit,
  CAST(sum(gross_profit) / nullif(sum(net_revenue), 0) AS DECIMAL(10, 4)) AS margin,
  CAST(sum(net_revenue) / nullif(sum(sold_orders), 0) AS DECIMAL(20, 2)) AS aov
FROM gold.daily_sales
GROUP BY channel
ORDER BY channel
