-- gold.fraud_scores: one row per order, a rule-based score and the simulator's ground truth
-- (docs/kpis.md, "fraud"). Rules: velocity (3+ orders of the customer within an hour), shared
-- device (the order's device used by 3+ customers), new account (ordered within 24 h of
-- registering), high value (total >= 20,000,000 VND), card testing (2+ failed payment attempts).
-- Flagged when at least two rules fire.
WITH velocity AS (
  SELECT
    order_id,
    count(*) OVER (
      PARTITION BY customer_id ORDER BY unix_micros(placed_at)
      RANGE BETWEEN 3600000000 PRECEDING AND CURRENT ROW
    ) AS orders_last_hour
  FROM silver.orders
),
devices AS (
  SELECT device_fingerprint, count(DISTINCT customer_id) AS customers
  FROM silver.orders
  WHERE device_fingerprint IS NOT NULL
  GROUP BY device_fingerprint
),
failed_payments AS (
  SELECT order_id, count(*) AS failed_attempts
  FROM silver.payment
  WHERE status = 'failed'
  GROUP BY order_id
),
labels AS (
  -- An order is fraudulent when it, its customer or one of its payments carries a label.
  SELECT DISTINCT o.order_id
  FROM silver.orders o
  JOIN silver.fraud_label l
    ON (l.entity_type = 'order' AND l.entity_id = o.order_id)
    OR (l.entity_type = 'customer' AND l.entity_id = o.customer_id)
  UNION
  SELECT DISTINCT p.order_id
  FROM silver.payment p
  JOIN silver.fraud_label l ON l.entity_type = 'payment' AND l.entity_id = p.payment_id
),
rules AS (
  SELECT
    o.order_id,
    o.customer_id,
    o.placed_date,
    v.orders_last_hour >= 3 AS velocity,
    coalesce(d.customers, 0) >= 3 AS shared_device,
    o.placed_at < c.registered_at + INTERVAL 24 HOURS AS new_account,
    o.total_amount >= 20000000 AS high_value,
    coalesce(f.failed_attempts, 0) >= 2 AS card_testing,
    l.order_id IS NOT NULL AS labeled_fraud
  FROM silver.orders o
  JOIN velocity v ON v.order_id = o.order_id
  JOIN silver.customers c ON c.customer_id = o.customer_id
  LEFT JOIN devices d ON d.device_fingerprint = o.device_fingerprint
  LEFT JOIN failed_payments f ON f.order_id = o.order_id
  LEFT JOIN labels l ON l.order_id = o.order_id
)
SELECT
  order_id,
  customer_id,
  placed_date,
  velocity,
  shared_device,
  new_account,
  high_value,
  card_testing,
  CAST(velocity AS INT) + CAST(shared_device AS INT) + CAST(new_account AS INT)
    + CAST(high_value AS INT) + CAST(card_testing AS INT) AS score,
  CAST(velocity AS INT) + CAST(shared_device AS INT) + CAST(new_account AS INT)
    + CAST(high_value AS INT) + CAST(card_testing AS INT) >= 2 AS flagged,
  labeled_fraud
FROM rules
