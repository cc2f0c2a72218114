-- Every foreign key is validated, and the two-way cart <-> order link agrees.
SELECT (SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated
          AND connamespace = 'oltp'::regnamespace)
     + (SELECT count(*) FROM oltp.cart c LEFT JOIN oltp.orders o ON o.order_id = c.order_id
          WHERE c.status = 'checked_out' AND (o.cart_id IS DISTINCT FROM c.cart_id))
     + (SELECT count(*) FROM oltp.orders o JOIN oltp.cart c ON c.cart_id = o.cart_id
          WHERE c.order_id IS DISTINCT FROM o.order_id) AS violations
