-- Shipments and payments agree with the order: delivered orders have a delivered shipment with
-- times in order; cancelled orders never shipped; returns only against delivered orders.
SELECT (SELECT count(*) FROM oltp.orders o WHERE o.status IN ('Delivered', 'Completed') AND NOT EXISTS (
          SELECT 1 FROM oltp.shipment s WHERE s.order_id = o.order_id AND s.status = 'delivered'
            AND s.delivered_at >= s.shipped_at AND s.delivered_at >= o.placed_at))
     + (SELECT count(*) FROM oltp.orders o JOIN oltp.shipment s USING (order_id)
          WHERE o.status = 'Cancelled' AND s.shipped_at IS NOT NULL)
     + (SELECT count(*) FROM oltp.order_return r JOIN oltp.orders o USING (order_id)
          WHERE o.status NOT IN ('Delivered', 'Completed')) AS violations
