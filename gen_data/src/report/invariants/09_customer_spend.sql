-- Lifetime spend is the sum of the customer's Completed orders' totals (counted once, at
-- completion) and the tier is the one the spend earns.
SELECT count(*) AS violations
FROM oltp.customers c
LEFT JOIN (SELECT customer_id, sum(total_amount) AS s FROM oltp.orders WHERE status = 'Completed' GROUP BY 1) o
  USING (customer_id)
WHERE c.lifetime_spend <> coalesce(o.s, 0) OR c.tier <> oltp.tier_for_spend(c.lifetime_spend)
