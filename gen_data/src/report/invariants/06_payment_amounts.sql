-- Each payment attempt charges exactly the order total; at most one attempt ever settles; every
-- order has a payment; COD is paid exactly when delivered.
SELECT (SELECT count(*) FROM oltp.payment p JOIN oltp.orders o USING (order_id) WHERE p.amount <> o.total_amount)
     + (SELECT count(*) FROM (SELECT order_id FROM oltp.payment WHERE status <> 'failed' AND status <> 'pending'
          GROUP BY 1 HAVING count(*) > 1) x)
     + (SELECT count(*) FROM oltp.orders o WHERE NOT EXISTS (SELECT 1 FROM oltp.payment p WHERE p.order_id = o.order_id))
     + (SELECT count(*) FROM oltp.orders o JOIN oltp.payment p USING (order_id)
          JOIN oltp.payment_method m ON m.payment_method_id = p.payment_method_id
          WHERE m.is_cash_on_delivery AND o.status IN ('Delivered', 'Completed') AND p.status = 'pending') AS violations
