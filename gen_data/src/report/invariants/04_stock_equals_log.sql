-- Every movement is logged: on-hand quantity equals the sum of logged changes, and each cell's log
-- chains (each row's before is the previous row's after).
SELECT (SELECT count(*) FROM oltp.inventory i
          LEFT JOIN (SELECT product_id, warehouse_id, sum(quantity_change) AS s FROM oltp.inventory_log GROUP BY 1, 2) g
          USING (product_id, warehouse_id) WHERE i.quantity <> coalesce(g.s, 0))
     + (SELECT count(*) FROM (
          SELECT quantity_before, lag(quantity_after) OVER (PARTITION BY product_id, warehouse_id ORDER BY log_id) AS prev
          FROM oltp.inventory_log) x WHERE prev IS NOT NULL AND prev <> quantity_before) AS violations
