-- Every event time the simulator or the database stamped lies in the simulated window [$1, $2].
-- Planned times (estimated delivery, expected arrival, cart expiry, voucher validity) may lie beyond.
-- parameters: window_from, window_to
WITH t(ts) AS (
  SELECT registered_at FROM oltp.customers UNION ALL SELECT created_at FROM oltp.customers
  UNION ALL SELECT updated_at FROM oltp.customers
  UNION ALL SELECT occurred_at FROM oltp.customer_activity_log UNION ALL SELECT created_at FROM oltp.customer_activity_log
  UNION ALL SELECT added_at FROM oltp.wishlist UNION ALL SELECT updated_at FROM oltp.wishlist
  UNION ALL SELECT last_activity_at FROM oltp.cart UNION ALL SELECT checked_out_at FROM oltp.cart
  UNION ALL SELECT updated_at FROM oltp.cart UNION ALL SELECT updated_at FROM oltp.cart_items
  UNION ALL SELECT placed_at FROM oltp.orders UNION ALL SELECT completed_at FROM oltp.orders
  UNION ALL SELECT cancelled_at FROM oltp.orders UNION ALL SELECT updated_at FROM oltp.orders
  UNION ALL SELECT updated_at FROM oltp.order_items
  UNION ALL SELECT changed_at FROM oltp.order_status_history
  UNION ALL SELECT paid_at FROM oltp.payment UNION ALL SELECT updated_at FROM oltp.payment
  UNION ALL SELECT shipped_at FROM oltp.shipment UNION ALL SELECT delivered_at FROM oltp.shipment
  UNION ALL SELECT updated_at FROM oltp.shipment
  UNION ALL SELECT requested_at FROM oltp.order_return UNION ALL SELECT resolved_at FROM oltp.order_return
  UNION ALL SELECT updated_at FROM oltp.order_return
  UNION ALL SELECT updated_at FROM oltp.product_review
  UNION ALL SELECT updated_at FROM oltp.inventory UNION ALL SELECT received_at FROM oltp.inventory_lot
  UNION ALL SELECT updated_at FROM oltp.inventory_lot UNION ALL SELECT created_at FROM oltp.inventory_log
  UNION ALL SELECT ordered_at FROM oltp.purchase_order UNION ALL SELECT received_at FROM oltp.purchase_order
  UNION ALL SELECT updated_at FROM oltp.purchase_order UNION ALL SELECT updated_at FROM oltp.purchase_order_item
  UNION ALL SELECT raised_at FROM oltp.stock_alert UNION ALL SELECT resolved_at FROM oltp.stock_alert
  UNION ALL SELECT updated_at FROM oltp.discount
  UNION ALL SELECT labeled_at FROM oltp.fraud_label UNION ALL SELECT created_at FROM oltp.fraud_label
)
SELECT count(*) AS violations FROM t WHERE ts IS NOT NULL AND (ts < $1::timestamptz OR ts > $2::timestamptz)
