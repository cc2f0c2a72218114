-- gold.returns_by_reason: returns and refunds per reason and type (docs/kpis.md, "returns").
SELECT
  reason,
  return_type,
  count(*) AS requested,
  count_if(status = 'rejected') AS rejected,
  count_if(status = 'completed') AS completed,
  CAST(coalesce(sum(CASE WHEN status = 'completed' THEN refund_amount END), 0) AS DECIMAL(20, 2))
    AS refunded_amount,
  CAST(count_if(status = 'rejected') AS DOUBLE) / count(*) AS rejection_rate
FROM silver.order_return
GROUP BY reason, return_type
