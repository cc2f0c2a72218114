-- No order is completed (or cancelled) twice.
SELECT count(*) AS violations FROM (
  SELECT order_id FROM oltp.order_status_history WHERE to_status IN ('Completed', 'Cancelled')
  GROUP BY order_id HAVING count(*) > 1) x
