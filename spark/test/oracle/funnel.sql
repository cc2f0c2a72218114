-- The oracle of gold.funnel (docs/kpis.md, "funnel").
WITH keys AS (
  SELECT (occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS business_date, channel_id FROM oltp.customer_activity_log
  UNION
  SELECT (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, channel_id FROM oltp.cart
  UNION
  SELECT (placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, channel_id FROM oltp.orders
),
counted AS (
  SELECT
    k.business_date, ch.code AS channel,
    (SELECT count(DISTINCT session_id) FROM oltp.customer_activity_log a
      WHERE a.channel_id = k.channel_id AND (a.occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = k.business_date) AS sessions,
    (SELECT count(DISTINCT session_id) FROM oltp.customer_activity_log a
      WHERE a.channel_id = k.channel_id AND (a.occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = k.business_date
        AND a.activity_type = 'view') AS view_sessions,
    (SELECT count(DISTINCT session_id) FROM oltp.customer_activity_log a
      WHERE a.channel_id = k.channel_id AND (a.occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = k.business_date
        AND a.activity_type = 'add_to_cart') AS cart_sessions,
    (SELECT count(DISTINCT session_id) FROM oltp.customer_activity_log a
      WHERE a.channel_id = k.channel_id AND (a.occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = k.business_date
        AND a.activity_type = 'purchase') AS purchase_sessions,
    (SELECT count(*) FROM oltp.cart c
      WHERE c.channel_id = k.channel_id AND (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = k.business_date) AS carts_created,
    (SELECT count(*) FROM oltp.cart c
      WHERE c.channel_id = k.channel_id AND (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = k.business_date
        AND c.status = 'checked_out') AS carts_checked_out,
    (SELECT count(*) FROM oltp.cart c
      WHERE c.channel_id = k.channel_id AND (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = k.business_date
        AND c.status IN ('abandoned', 'expired')) AS carts_abandoned,
    (SELECT count(*) FROM oltp.orders o
      WHERE o.channel_id = k.channel_id AND (o.placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = k.business_date) AS orders,
    (SELECT count(*) FROM oltp.orders o
      WHERE o.channel_id = k.channel_id AND (o.placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = k.business_date
        AND o.status = 'Completed') AS completed_orders
  FROM keys k
  JOIN oltp.order_channel ch USING (channel_id)
)
SELECT *,
  purchase_sessions::float8 / nullif(sessions, 0) AS session_conversion,
  carts_abandoned::float8 / nullif(carts_created, 0) AS cart_abandonment_rate,
  carts_checked_out::float8 / nullif(carts_created, 0) AS cart_to_order_rate
FROM counted
