-- gold.returns: per product category, the share of delivered orders that came back (docs/kpis.md,
-- "returns"). A return of one line touches that line's category; a return of the whole order
-- touches every category in it. Orders are counted once per category, whatever their line count.
WITH delivered_lines AS (
  SELECT DISTINCT o.order_id, i.order_item_id, p.category_id
  FROM silver.orders o
  JOIN silver.order_items i ON i.order_id = o.order_id
  JOIN silver.product p ON p.product_id = i.product_id
  WHERE o.status IN ('delivered', 'completed')
),
returned AS (
  SELECT DISTINCT d.order_id, d.category_id
  FROM silver.order_return r
  JOIN delivered_lines d
    ON d.order_id = r.order_id AND (r.order_item_id IS NULL OR r.order_item_id = d.order_item_id)
  WHERE r.status <> 'rejected'
),
per_category AS (
  SELECT
    d.category_id,
    count(DISTINCT d.order_id) AS delivered_orders,
    count(DISTINCT r.order_id) AS returned_orders
  FROM delivered_lines d
  LEFT JOIN returned r ON r.order_id = d.order_id AND r.category_id = d.category_id
  GROUP BY d.category_id
)
SELECT
  c.code AS category,
  pc.delivered_orders,
  pc.returned_orders,
  CAST(pc.returned_orders AS DOUBLE) / pc.delivered_orders AS return_rate
FROM per_category pc
JOIN silver.category c ON c.category_id = pc.category_id
