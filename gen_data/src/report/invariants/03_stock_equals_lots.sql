-- On-hand quantity equals the sum of the FIFO lots' remaining units, per product x warehouse.
SELECT count(*) AS violations
FROM oltp.inventory i
LEFT JOIN (SELECT product_id, warehouse_id, sum(quantity_remaining) AS remaining
           FROM oltp.inventory_lot GROUP BY 1, 2) l USING (product_id, warehouse_id)
WHERE i.quantity <> coalesce(l.remaining, 0)
