-- gold.inventory: one row per stock cell (product x warehouse): stock, value, turnover, days of
-- supply, stock-out days, open alerts, dead stock (docs/kpis.md, "inventory"). Every input is
-- aggregated per cell before the joins.
WITH horizon AS (
  -- The lake's business days: from the first to the last day with an order.
  SELECT min(placed_date) AS first_day, max(placed_date) AS last_day FROM silver.orders
),
lots AS (
  SELECT
    product_id,
    warehouse_id,
    sum(quantity_remaining * unit_cost) AS stock_value,
    sum(CASE WHEN purchase_order_id IS NULL THEN quantity_received * unit_cost ELSE 0 END)
      AS opening_value
  FROM silver.inventory_lot
  GROUP BY product_id, warehouse_id
),
sales AS (
  SELECT
    i.product_id,
    i.warehouse_id,
    sum(i.quantity) AS units_sold,
    sum(i.cost_amount) AS cogs,
    max(o.placed_date) AS last_sale_day
  FROM silver.order_items i
  JOIN silver.orders o ON o.order_id = i.order_id
  WHERE o.status NOT IN ('cancelled', 'returned')
  GROUP BY i.product_id, i.warehouse_id
),
stock_out_days AS (
  SELECT product_id, warehouse_id, count(DISTINCT day) AS stock_out_days
  FROM (
    SELECT
      a.product_id,
      a.warehouse_id,
      explode(sequence(a.raised_date, coalesce(a.resolved_date, h.last_day))) AS day
    FROM silver.stock_alert a
    CROSS JOIN horizon h
    WHERE a.alert_type = 'out_of_stock' AND a.raised_date <= coalesce(a.resolved_date, h.last_day)
  ) d
  GROUP BY product_id, warehouse_id
),
alerts AS (
  SELECT product_id, warehouse_id, count(*) AS open_alerts
  FROM silver.stock_alert
  WHERE status = 'open'
  GROUP BY product_id, warehouse_id
),
cells AS (
  SELECT
    inv.product_id,
    inv.warehouse_id,
    inv.quantity AS quantity_on_hand,
    inv.safety_stock,
    inv.reorder_level,
    CAST(coalesce(l.stock_value, 0) AS DECIMAL(20, 2)) AS stock_value,
    CAST(coalesce(l.opening_value, 0) AS DECIMAL(20, 2)) AS opening_value,
    coalesce(s.units_sold, 0) AS units_sold,
    CAST(coalesce(s.cogs, 0) AS DECIMAL(20, 2)) AS cogs,
    s.last_sale_day,
    coalesce(d.stock_out_days, 0) AS stock_out_days,
    coalesce(a.open_alerts, 0) AS open_alerts,
    datediff(h.last_day, h.first_day) + 1 AS period_days,
    h.last_day
  FROM silver.inventory inv
  CROSS JOIN horizon h
  LEFT JOIN lots l ON l.product_id = inv.product_id AND l.warehouse_id = inv.warehouse_id
  LEFT JOIN sales s ON s.product_id = inv.product_id AND s.warehouse_id = inv.warehouse_id
  LEFT JOIN stock_out_days d ON d.product_id = inv.product_id AND d.warehouse_id = inv.warehouse_id
  LEFT JOIN alerts a ON a.product_id = inv.product_id AND a.warehouse_id = inv.warehouse_id
)
SELECT
  c.product_id,
  p.sku,
  c.warehouse_id,
  w.code AS warehouse,
  c.quantity_on_hand,
  c.safety_stock,
  c.reorder_level,
  c.stock_value,
  c.opening_value,
  c.units_sold,
  c.cogs,
  CAST(c.cogs AS DOUBLE) / nullif((CAST(c.opening_value AS DOUBLE) + CAST(c.stock_value AS DOUBLE)) / 2, 0)
    AS turnover,
  c.quantity_on_hand / nullif(CAST(c.units_sold AS DOUBLE) / c.period_days, 0) AS days_of_supply,
  c.stock_out_days,
  c.open_alerts,
  c.quantity_on_hand > 0 AND (c.last_sale_day IS NULL OR c.last_sale_day <= date_sub(c.last_day, 30))
    AS dead_stock
FROM cells c
JOIN silver.product p ON p.product_id = c.product_id
JOIN silver.warehouse w ON w.warehouse_id = c.warehouse_id
