-- The oracle of gold.daily_sales, straight from the OLTP tables (docs/kpis.md, "daily_sales").
WITH per_order AS (
  SELECT
    o.order_id,
    (o.placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS business_date,
    ch.code AS channel,
    g.province_name AS province,
    o.status,
    o.status NOT IN ('Cancelled', 'Returned') AS sold,
    o.discount_amount,
    (SELECT coalesce(sum(i.unit_price * i.quantity), 0) FROM oltp.order_items i WHERE i.order_id = o.order_id) AS gross,
    (SELECT coalesce(sum(i.discount_amount), 0) FROM oltp.order_items i WHERE i.order_id = o.order_id) AS item_discounts,
    (SELECT coalesce(sum(i.cost_amount), 0) FROM oltp.order_items i WHERE i.order_id = o.order_id) AS cogs
  FROM oltp.orders o
  JOIN oltp.order_channel ch USING (channel_id)
  JOIN oltp.geo_location g ON g.geo_id = o.shipping_geo_id
)
SELECT
  business_date, channel, province,
  count(*) AS orders,
  count(*) FILTER (WHERE status = 'Cancelled') AS cancelled_orders,
  count(*) FILTER (WHERE sold) AS sold_orders,
  coalesce(sum(gross) FILTER (WHERE sold), 0) AS gross_sales,
  coalesce(sum(item_discounts + discount_amount) FILTER (WHERE sold), 0) AS discounts,
  coalesce(sum(gross - item_discounts - discount_amount) FILTER (WHERE sold), 0) AS net_revenue,
  coalesce(sum(cogs) FILTER (WHERE sold), 0) AS cogs,
  coalesce(sum(gross - item_discounts - discount_amount - cogs) FILTER (WHERE sold), 0) AS gross_profit,
  sum(gross - item_discounts - discount_amount - cogs) FILTER (WHERE sold)::float8
    / nullif(sum(gross - item_discounts - discount_amount) FILTER (WHERE sold), 0)::float8 AS margin_pct,
  sum(gross - item_discounts - discount_amount) FILTER (WHERE sold)::float8
    / nullif(count(*) FILTER (WHERE sold), 0) AS aov,
  (count(*) FILTER (WHERE status = 'Cancelled'))::float8 / count(*) AS cancellation_rate
FROM per_order
GROUP BY business_date, channel, province
