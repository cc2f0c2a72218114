-- Nothing under way stalls: at the shop's clock (the last tick a run recorded), no order has stayed
-- in an open status longer than the planner ever keeps one there, no cart is active past its
-- expiry, no purchase order is still expected after its latest delivery, no return has stayed in a
-- stage longer than its longest, and no stock alert is open for a condition that has passed.
-- $1 holds the longest stays (report/progress-limits.ts), in hours; a stay counts from the row's
-- last change, which the database stamps at the end of the tick that made it.
-- parameters: limits
WITH clock AS (SELECT max(simulated_until) AS now FROM oltp.simulation_run),
limits AS (SELECT $1::jsonb AS l)
SELECT (SELECT count(*) FROM oltp.orders o CROSS JOIN clock CROSS JOIN limits
          LEFT JOIN oltp.shipment s USING (order_id)
          LEFT JOIN oltp.shipping_method m USING (shipping_method_id)
          WHERE o.status NOT IN ('Completed', 'Cancelled', 'Returned')
            AND o.updated_at + make_interval(secs => 3600 * CASE WHEN o.status = 'Shipped'
                  THEN greatest(m.delivery_hours * (l -> 'shipped' ->> 'transit_factor')::float8,
                                (l -> 'shipped' ->> 'at_least')::float8)
                  ELSE (l -> 'order' ->> o.status)::float8 END) < clock.now)
     + (SELECT count(*) FROM oltp.cart CROSS JOIN clock WHERE status = 'active' AND expires_at < clock.now)
     + (SELECT count(*) FROM oltp.purchase_order CROSS JOIN clock CROSS JOIN limits
          WHERE status = 'ordered' AND expected_at + make_interval(secs => 3600 * (l ->> 'purchase_order_late')::float8) < clock.now)
     + (SELECT count(*) FROM oltp.order_return CROSS JOIN clock CROSS JOIN limits
          WHERE status IN ('pending', 'approved', 'processing')
            AND updated_at + make_interval(secs => 3600 * (l -> 'return' ->> status)::float8) < clock.now)
     + (SELECT count(*) FROM oltp.stock_alert a JOIN oltp.inventory i USING (product_id, warehouse_id)
          WHERE a.status = 'open' AND ((a.alert_type = 'out_of_stock' AND i.quantity > 0)
             OR (a.alert_type = 'below_safety_stock' AND i.quantity >= i.safety_stock))) AS violations
