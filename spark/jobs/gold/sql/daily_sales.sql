-- gold.daily_sales: business date (placed_at in Asia/Ho_Chi_Minh) x channel x province of the
-- shipping address. Items are summed per order BEFORE the join with orders, so an order with n
-- items is counted once and its amounts once (docs/kpis.md, "daily_sales").
WITH item_totals AS (
  SELECT
    order_id,
    sum(unit_price * quantity) AS gross_sales,
    sum(discount_amount) AS item_discounts,
    sum(cost_amount) AS cogs
  FROM silver.order_items
  GROUP BY order_id
),
placed AS (
  SELECT
    o.placed_date AS business_date,
    ch.code AS channel,
    g.province_name AS province,
    o.status,
    o.status NOT IN ('cancelled', 'returned') AS sold,
    o.discount_amount AS order_discount,
    coalesce(i.gross_sales, 0) AS gross_sales,
    coalesce(i.item_discounts, 0) AS item_discounts,
    coalesce(i.cogs, 0) AS cogs
  FROM silver.orders o
  JOIN silver.order_channel ch ON ch.channel_id = o.channel_id
  JOIN silver.geo_location g ON g.geo_id = o.shipping_geo_id
  LEFT JOIN item_totals i ON i.order_id = o.order_id
),
daily AS (
  SELECT
    business_date,
    channel,
    province,
    count(*) AS orders,
    count_if(status = 'cancelled') AS cancelled_orders,
    count_if(sold) AS sold_orders,
    CAST(sum(CASE WHEN sold THEN gross_sales ELSE 0 END) AS DECIMAL(20, 2)) AS gross_sales,
    CAST(sum(CASE WHEN sold THEN item_discounts + order_discount ELSE 0 END) AS DECIMAL(20, 2))
      AS discounts,
    CAST(sum(CASE WHEN sold THEN cogs ELSE 0 END) AS DECIMAL(20, 2)) AS cogs
  FROM placed
  GROUP BY business_date, channel, province
)
SELECT
  business_date,
  channel,
  province,
  orders,
  cancelled_orders,
  sold_orders,
  gross_sales,
  discounts,
  CAST(gross_sales - discounts AS DECIMAL(20, 2)) AS net_revenue,
  cogs,
  CAST(gross_sales - discounts - cogs AS DECIMAL(20, 2)) AS gross_profit,
  CAST(gross_sales - discounts - cogs AS DOUBLE) / nullif(CAST(gross_sales - discounts AS DOUBLE), 0)
    AS margin_pct,
  CAST(gross_sales - discounts AS DOUBLE) / nullif(sold_orders, 0) AS aov,
  CAST(cancelled_orders AS DOUBLE) / orders AS cancellation_rate
FROM daily
