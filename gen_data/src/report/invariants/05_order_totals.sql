-- Subtotal = sum of item lines (after item discounts); total = subtotal - discount + shipping fee;
-- every order has items and a known cost of goods sold.
SELECT (SELECT count(*) FROM oltp.orders o
          LEFT JOIN (SELECT order_id, sum(line_amount) AS s, bool_or(cost_amount IS NULL) AS no_cost
                     FROM oltp.order_items GROUP BY 1) i USING (order_id)
          WHERE i.s IS NULL OR o.subtotal_amount <> i.s OR i.no_cost
             OR o.total_amount <> o.subtotal_amount - o.discount_amount + o.shipping_fee) AS violations
