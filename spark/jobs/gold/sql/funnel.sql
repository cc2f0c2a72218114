-- gold.funnel: business date x channel. Each step is counted on its own table and grain before
-- the steps are joined (docs/kpis.md, "funnel"): sessions and their events from the clickstream,
-- carts by the day they were created, orders by the day they were placed.
WITH sessions AS (
  SELECT
    occurred_date AS business_date,
    channel_id,
    count(DISTINCT session_id) AS sessions,
    count(DISTINCT CASE WHEN activity_type = 'view' THEN session_id END) AS view_sessions,
    count(DISTINCT CASE WHEN activity_type = 'add_to_cart' THEN session_id END) AS cart_sessions,
    count(DISTINCT CASE WHEN activity_type = 'purchase' THEN session_id END) AS purchase_sessions
  FROM silver.customer_activity_log
  GROUP BY occurred_date, channel_id
),
carts AS (
  SELECT
    created_date AS business_date,
    channel_id,
    count(*) AS carts_created,
    count_if(status = 'checked_out') AS carts_checked_out,
    count_if(status IN ('abandoned', 'expired')) AS carts_abandoned
  FROM silver.cart
  GROUP BY created_date, channel_id
),
placed AS (
  SELECT
    placed_date AS business_date,
    channel_id,
    count(*) AS orders,
    count_if(status = 'completed') AS completed_orders
  FROM silver.orders
  GROUP BY placed_date, channel_id
),
steps AS (
  SELECT
    coalesce(s.business_date, c.business_date, o.business_date) AS business_date,
    coalesce(s.channel_id, c.channel_id, o.channel_id) AS channel_id,
    coalesce(s.sessions, 0) AS sessions,
    coalesce(s.view_sessions, 0) AS view_sessions,
    coalesce(s.cart_sessions, 0) AS cart_sessions,
    coalesce(s.purchase_sessions, 0) AS purchase_sessions,
    coalesce(c.carts_created, 0) AS carts_created,
    coalesce(c.carts_checked_out, 0) AS carts_checked_out,
    coalesce(c.carts_abandoned, 0) AS carts_abandoned,
    coalesce(o.orders, 0) AS orders,
    coalesce(o.completed_orders, 0) AS completed_orders
  FROM sessions s
  FULL OUTER JOIN carts c ON c.business_date = s.business_date AND c.channel_id = s.channel_id
  FULL OUTER JOIN placed o
    ON o.business_date = coalesce(s.business_date, c.business_date)
    AND o.channel_id = coalesce(s.channel_id, c.channel_id)
)
SELECT
  st.business_date,
  ch.code AS channel,
  st.sessions,
  st.view_sessions,
  st.cart_sessions,
  st.purchase_sessions,
  st.carts_created,
  st.carts_checked_out,
  st.carts_abandoned,
  st.orders,
  st.completed_orders,
  CAST(st.purchase_sessions AS DOUBLE) / nullif(st.sessions, 0) AS session_conversion,
  CAST(st.carts_abandoned AS DOUBLE) / nullif(st.carts_created, 0) AS cart_abandonment_rate,
  CAST(st.carts_checked_out AS DOUBLE) / nullif(st.carts_created, 0) AS cart_to_order_rate
FROM steps st
JOIN silver.order_channel ch ON ch.channel_id = st.channel_id
