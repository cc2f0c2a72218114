-- Refunds never exceed what was paid: per payment and per order (non-rejected returns).
SELECT (SELECT count(*) FROM oltp.payment WHERE refunded_amount > amount OR refunded_amount < 0)
     + (SELECT count(*) FROM (SELECT r.order_id, sum(r.refund_amount) AS s, max(o.total_amount) AS total
          FROM oltp.order_return r JOIN oltp.orders o USING (order_id) WHERE r.status <> 'rejected' GROUP BY 1) x
          WHERE s > total)
     + (SELECT count(*) FROM (SELECT order_id, sum(refunded_amount) AS s FROM oltp.payment GROUP BY 1) p
          JOIN oltp.orders o USING (order_id) WHERE p.s > o.total_amount) AS violations
