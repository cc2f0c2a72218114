-- Stock never negative, in cells and in lots.
SELECT (SELECT count(*) FROM oltp.inventory WHERE quantity < 0)
     + (SELECT count(*) FROM oltp.inventory_lot WHERE quantity_remaining < 0) AS violations
