-- The oracle of gold.fulfillment (docs/kpis.md, "fulfillment").
SELECT
  lp.code AS partner,
  sm.code AS shipping_method,
  g.province_name AS province,
  count(*) AS shipments,
  count(*) FILTER (WHERE s.status = 'delivered') AS delivered,
  count(*) FILTER (WHERE s.status = 'delivered' AND s.delivered_at <= s.estimated_delivery_at) AS delivered_on_time,
  (count(*) FILTER (WHERE s.status = 'delivered' AND s.delivered_at <= s.estimated_delivery_at))::float8
    / nullif(count(*) FILTER (WHERE s.status = 'delivered'), 0) AS on_time_pct,
  -- extract() returns numeric since PostgreSQL 14: an average, compared as float8 within 1e-9.
  (avg(extract(epoch FROM s.delivered_at - s.shipped_at) / 3600) FILTER (WHERE s.status = 'delivered'))::float8
    AS avg_delivery_hours,
  count(*) FILTER (WHERE s.attempt_count >= 1) AS attempted,
  count(*) FILTER (WHERE s.attempt_count > 1 OR s.status IN ('failed', 'returned_to_sender')) AS failed_first_attempt,
  (count(*) FILTER (WHERE s.attempt_count > 1 OR s.status IN ('failed', 'returned_to_sender')))::float8
    / nullif(count(*) FILTER (WHERE s.attempt_count >= 1), 0) AS failed_delivery_rate
FROM oltp.shipment s
JOIN oltp.orders o USING (order_id)
JOIN oltp.geo_location g ON g.geo_id = o.shipping_geo_id
JOIN oltp.logistics_partner lp ON lp.partner_id = s.partner_id
JOIN oltp.shipping_method sm ON sm.shipping_method_id = s.shipping_method_id
GROUP BY lp.code, sm.code, g.province_name
