-- The oracle of gold.returns (docs/kpis.md, "returns").
WITH delivered AS (
  SELECT DISTINCT o.order_id, p.category_id
  FROM oltp.orders o
  JOIN oltp.order_items i USING (order_id)
  JOIN oltp.product p ON p.product_id = i.product_id
  WHERE o.status IN ('Delivered', 'Completed')
)
SELECT
  c.code AS category,
  count(*) AS delivered_orders,
  count(*) FILTER (WHERE EXISTS (
    SELECT 1 FROM oltp.order_return r
    WHERE r.order_id = d.order_id AND r.status <> 'rejected'
      AND (r.order_item_id IS NULL OR EXISTS (
        SELECT 1 FROM oltp.order_items i JOIN oltp.product p USING (product_id)
        WHERE i.order_item_id = r.order_item_id AND p.category_id = d.category_id))
  )) AS returned_orders,
  (count(*) FILTER (WHERE EXISTS (
    SELECT 1 FROM oltp.order_return r
    WHERE r.order_id = d.order_id AND r.status <> 'rejected'
      AND (r.order_item_id IS NULL OR EXISTS (
        SELECT 1 FROM oltp.order_items i JOIN oltp.product p USING (product_id)
        WHERE i.order_item_id = r.order_item_id AND p.category_id = d.category_id))
  )))::float8 / count(*) AS return_rate
FROM delivered d
JOIN oltp.category c ON c.category_id = d.category_id
GROUP BY c.code
