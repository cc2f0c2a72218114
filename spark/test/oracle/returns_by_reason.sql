-- The oracle of gold.returns_by_reason (docs/kpis.md, "returns").
SELECT
  reason, return_type,
  count(*) AS requested,
  count(*) FILTER (WHERE status = 'rejected') AS rejected,
  count(*) FILTER (WHERE status = 'completed') AS completed,
  coalesce(sum(refund_amount) FILTER (WHERE status = 'completed'), 0) AS refunded_amount,
  (count(*) FILTER (WHERE status = 'rejected'))::float8 / count(*) AS rejection_rate
FROM oltp.order_return
GROUP BY reason, return_type
