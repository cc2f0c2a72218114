-- Change capture (docs/ingestion.md, "Change capture"): the publication `lake` carries every
-- committed insert, update and delete of the tables in iceberg/table-registry.json to the
-- logical replication slot the ingestion reads with pgoutput. It must exist before the changes
-- it should carry, hence a migration (a publication only sees changes made after it exists).
-- A table added to the registry must be added here by a later migration
-- (ALTER PUBLICATION lake ADD TABLE ...); tasks/test checks that both lists agree.

CREATE PUBLICATION lake FOR TABLE
  oltp.order_channel, oltp.payment_method, oltp.geo_location, oltp.category, oltp.sub_category,
  oltp.brand, oltp.product, oltp.warehouse, oltp.logistics_partner, oltp.shipping_method,
  oltp.order_status_transition, oltp.loyalty_tier, oltp.customers, oltp.wishlist, oltp.discount,
  oltp.cart, oltp.cart_items, oltp.orders, oltp.order_items, oltp.order_status_history,
  oltp.payment, oltp.shipment, oltp.order_return, oltp.product_review, oltp.inventory,
  oltp.purchase_order, oltp.purchase_order_item, oltp.inventory_lot, oltp.inventory_log,
  oltp.stock_alert, oltp.fraud_label, oltp.customer_activity_log;

-- ecommerce_replication (LOGIN REPLICATION, created by the bootstrap) reads the published tables
-- and nothing else: its initial copies run as it, in the snapshot its slot exports.
GRANT USAGE ON SCHEMA oltp TO ecommerce_replication;
GRANT SELECT ON
  oltp.order_channel, oltp.payment_method, oltp.geo_location, oltp.category, oltp.sub_category,
  oltp.brand, oltp.product, oltp.warehouse, oltp.logistics_partner, oltp.shipping_method,
  oltp.order_status_transition, oltp.loyalty_tier, oltp.customers, oltp.wishlist, oltp.discount,
  oltp.cart, oltp.cart_items, oltp.orders, oltp.order_items, oltp.order_status_history,
  oltp.payment, oltp.shipment, oltp.order_return, oltp.product_review, oltp.inventory,
  oltp.purchase_order, oltp.purchase_order_item, oltp.inventory_lot, oltp.inventory_log,
  oltp.stock_alert, oltp.fraud_label, oltp.customer_activity_log
TO ecommerce_replication;
