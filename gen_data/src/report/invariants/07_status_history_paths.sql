-- Each order's history is a legal path: starts NULL -> Pending, every step a row of the transition
-- table, each step continues from the previous one, times never go back, and it ends at the
-- order's current status.
WITH h AS (
  SELECT order_id, from_status, to_status, changed_at,
         lag(to_status) OVER w AS prev_to, lag(changed_at) OVER w AS prev_at,
         row_number() OVER w AS n, count(*) OVER (PARTITION BY order_id) AS total
  FROM oltp.order_status_history
  WINDOW w AS (PARTITION BY order_id ORDER BY changed_at, history_id)
)
SELECT (SELECT count(*) FROM h
          WHERE (n = 1 AND (from_status IS NOT NULL OR to_status <> 'Pending'))
             OR (n > 1 AND (from_status IS DISTINCT FROM prev_to OR changed_at < prev_at
                 OR NOT EXISTS (SELECT 1 FROM oltp.order_status_transition t
                                WHERE t.from_status = h.from_status AND t.to_status = h.to_status))))
     + (SELECT count(*) FROM h JOIN oltp.orders o USING (order_id) WHERE h.n = h.total AND h.to_status <> o.status)
     + (SELECT count(*) FROM oltp.orders o WHERE NOT EXISTS (SELECT 1 FROM oltp.order_status_history x
          WHERE x.order_id = o.order_id)) AS violations
