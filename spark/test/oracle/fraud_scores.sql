-- The oracle of gold.fraud_scores (docs/kpis.md, "fraud").
WITH flags AS (
  SELECT
    o.order_id, o.customer_id, (o.placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS placed_date,
    (SELECT count(*) FROM oltp.orders x
      WHERE x.customer_id = o.customer_id AND x.placed_at BETWEEN o.placed_at - interval '1 hour' AND o.placed_at) >= 3
      AS velocity,
    coalesce((SELECT count(DISTINCT x.customer_id) FROM oltp.orders x
      WHERE x.device_fingerprint = o.device_fingerprint), 0) >= 3 AS shared_device,
    o.placed_at < c.registered_at + interval '24 hours' AS new_account,
    o.total_amount >= 20000000 AS high_value,
    (SELECT count(*) FROM oltp.payment p WHERE p.order_id = o.order_id AND p.status = 'failed') >= 2 AS card_testing,
    EXISTS (SELECT 1 FROM oltp.fraud_label l WHERE
      (l.entity_type = 'order' AND l.entity_id = o.order_id)
      OR (l.entity_type = 'customer' AND l.entity_id = o.customer_id)
      OR (l.entity_type = 'payment' AND l.entity_id IN (SELECT payment_id FROM oltp.payment p WHERE p.order_id = o.order_id)))
      AS labeled_fraud
  FROM oltp.orders o
  JOIN oltp.customers c ON c.customer_id = o.customer_id
)
SELECT order_id, customer_id, placed_date, velocity, shared_device, new_account, high_value, card_testing,
  velocity::int + shared_device::int + new_account::int + high_value::int + card_testing::int AS score,
  velocity::int + shared_device::int + new_account::int + high_value::int + card_testing::int >= 2 AS flagged,
  labeled_fraud
FROM flags
