-- Least privilege: the writer (simulator) changes transactional rows only, the reader (ingestion,
-- dashboards) only reads. Neither may change the schema, truncate, or see migration history.

REVOKE ALL ON SCHEMA oltp FROM PUBLIC;
GRANT USAGE ON SCHEMA oltp TO ecommerce_writer, ecommerce_reader;

-- Functions are executable by PUBLIC by default; only the writer needs them (defaults, triggers).
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA oltp FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA oltp TO ecommerce_writer;

GRANT SELECT ON ALL TABLES IN SCHEMA oltp TO ecommerce_reader, ecommerce_writer;
GRANT INSERT, UPDATE, DELETE ON
  oltp.customers, oltp.wishlist, oltp.customer_activity_log, oltp.discount, oltp.cart, oltp.cart_items,
  oltp.orders, oltp.order_items, oltp.payment, oltp.shipment, oltp.order_return, oltp.product_review,
  oltp.inventory, oltp.purchase_order, oltp.purchase_order_item, oltp.inventory_lot, oltp.inventory_log,
  oltp.stock_alert, oltp.fraud_label
TO ecommerce_writer;
-- order_status_history is deliberately absent: only the status trigger (SECURITY DEFINER) writes it.

GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA oltp TO ecommerce_writer;

-- Objects that later migrations create get the same grants. A later reference table must REVOKE
-- INSERT, UPDATE, DELETE from the writer in its own migration.
ALTER DEFAULT PRIVILEGES IN SCHEMA oltp GRANT SELECT ON TABLES TO ecommerce_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA oltp GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ecommerce_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA oltp GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ecommerce_writer;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA oltp GRANT EXECUTE ON FUNCTIONS TO ecommerce_writer;
