-- The oracle of the KPI summary (spark/jobs/gold/summary.sql), per channel straight from the OLTP
-- tables: counts and sums exact, the ratios unrounded (the summary rounds margin to 4 places, AOV to 2).
WITH per_order AS (
  SELECT
    ch.code AS channel,
    o.status NOT IN ('Cancelled', 'Returned') AS sold,
    o.discount_amount,
    (SELECT coalesce(sum(i.unit_price * i.quantity), 0) FROM oltp.order_items i WHERE i.order_id = o.order_id) AS gross,
    (SELECT coalesce(sum(i.discount_amount), 0) FROM oltp.order_items i WHERE i.order_id = o.order_id) AS item_discounts,
    (SELECT coalesce(sum(i.cost_amount), 0) FROM oltp.order_items i WHERE i.order_id = o.order_id) AS cogs
  FROM oltp.orders o
  JOIN oltp.order_channel ch USING (channel_id)
)
SELECT
  channel,
  count(*) AS orders,
  count(*) FILTER (WHERE sold) AS sold_orders,
  coalesce(sum(gross) FILTER (WHERE sold), 0) AS gmv,
  coalesce(sum(gross - item_discounts - discount_amount) FILTER (WHERE sold), 0) AS net_revenue,
  coalesce(sum(gross - item_discounts - discount_amount - cogs) FILTER (WHERE sold), 0) AS gross_profit,
  sum(gross - item_discounts - discount_amount - cogs) FILTER (WHERE sold)::float8
    / nullif(sum(gross - item_discounts - discount_amount) FILTER (WHERE sold), 0)::float8 AS margin,
  sum(gross - item_discounts - discount_amount) FILTER (WHERE sold)::float8
    / nullif(count(*) FILTER (WHERE sold), 0) AS aov
FROM per_order
GROUP BY channel
ORDER BY channel
