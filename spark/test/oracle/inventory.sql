-- The oracle of gold.inventory (docs/kpis.md, "inventory").
WITH horizon AS (
  SELECT min((placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS first_day,
         max((placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS last_day
  FROM oltp.orders
),
cells AS (
  SELECT
    inv.product_id, p.sku, inv.warehouse_id, w.code AS warehouse,
    inv.quantity AS quantity_on_hand, inv.safety_stock, inv.reorder_level,
    (SELECT coalesce(sum(l.quantity_remaining * l.unit_cost), 0) FROM oltp.inventory_lot l
      WHERE l.product_id = inv.product_id AND l.warehouse_id = inv.warehouse_id) AS stock_value,
    (SELECT coalesce(sum(l.quantity_received * l.unit_cost), 0) FROM oltp.inventory_lot l
      WHERE l.product_id = inv.product_id AND l.warehouse_id = inv.warehouse_id AND l.purchase_order_id IS NULL)
      AS opening_value,
    (SELECT coalesce(sum(i.quantity), 0) FROM oltp.order_items i JOIN oltp.orders o USING (order_id)
      WHERE i.product_id = inv.product_id AND i.warehouse_id = inv.warehouse_id
        AND o.status NOT IN ('Cancelled', 'Returned')) AS units_sold,
    (SELECT coalesce(sum(i.cost_amount), 0) FROM oltp.order_items i JOIN oltp.orders o USING (order_id)
      WHERE i.product_id = inv.product_id AND i.warehouse_id = inv.warehouse_id
        AND o.status NOT IN ('Cancelled', 'Returned')) AS cogs,
    (SELECT max((o.placed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) FROM oltp.order_items i JOIN oltp.orders o USING (order_id)
      WHERE i.product_id = inv.product_id AND i.warehouse_id = inv.warehouse_id
        AND o.status NOT IN ('Cancelled', 'Returned')) AS last_sale_day,
    (SELECT count(DISTINCT d.day) FROM oltp.stock_alert a,
       generate_series((a.raised_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                       coalesce((a.resolved_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, h.last_day), interval '1 day') AS d(day)
      WHERE a.product_id = inv.product_id AND a.warehouse_id = inv.warehouse_id AND a.alert_type = 'out_of_stock')
      AS stock_out_days,
    (SELECT count(*) FROM oltp.stock_alert a
      WHERE a.product_id = inv.product_id AND a.warehouse_id = inv.warehouse_id AND a.status = 'open') AS open_alerts,
    h.last_day - h.first_day + 1 AS period_days,
    h.last_day
  FROM oltp.inventory inv
  JOIN oltp.product p ON p.product_id = inv.product_id
  JOIN oltp.warehouse w ON w.warehouse_id = inv.warehouse_id
  CROSS JOIN horizon h
)
SELECT
  product_id, sku, warehouse_id, warehouse, quantity_on_hand, safety_stock, reorder_level,
  stock_value, opening_value, units_sold, cogs,
  cogs::float8 / nullif((opening_value::float8 + stock_value::float8) / 2, 0) AS turnover,
  quantity_on_hand / nullif(units_sold::float8 / period_days, 0) AS days_of_supply,
  stock_out_days,
  open_alerts,
  quantity_on_hand > 0 AND (last_sale_day IS NULL OR last_sale_day <= last_day - 30) AS dead_stock
FROM cells
