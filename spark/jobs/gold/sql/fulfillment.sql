-- gold.fulfillment: logistics partner x shipping method x province of the shipping address, over
-- every shipment in silver (docs/kpis.md, "fulfillment").
WITH shipments AS (
  SELECT
    lp.code AS partner,
    sm.code AS shipping_method,
    g.province_name AS province,
    s.status,
    s.attempt_count,
    s.status = 'delivered' AS delivered,
    s.status = 'delivered' AND s.delivered_at <= s.estimated_delivery_at AS on_time,
    (unix_micros(s.delivered_at) - unix_micros(s.shipped_at)) / 3600000000.0 AS delivery_hours
  FROM silver.shipment s
  JOIN silver.orders o ON o.order_id = s.order_id
  JOIN silver.geo_location g ON g.geo_id = o.shipping_geo_id
  JOIN silver.logistics_partner lp ON lp.partner_id = s.partner_id
  JOIN silver.shipping_method sm ON sm.shipping_method_id = s.shipping_method_id
),
grouped AS (
  SELECT
    partner,
    shipping_method,
    province,
    count(*) AS shipments,
    count_if(delivered) AS delivered,
    count_if(on_time) AS delivered_on_time,
    avg(CASE WHEN delivered THEN CAST(delivery_hours AS DOUBLE) END) AS avg_delivery_hours,
    count_if(attempt_count >= 1) AS attempted,
    count_if(attempt_count > 1 OR status IN ('failed', 'returned_to_sender')) AS failed_first_attempt
  FROM shipments
  GROUP BY partner, shipping_method, province
)
SELECT
  partner,
  shipping_method,
  province,
  shipments,
  delivered,
  delivered_on_time,
  CAST(delivered_on_time AS DOUBLE) / nullif(delivered, 0) AS on_time_pct,
  avg_delivery_hours,
  attempted,
  failed_first_attempt,
  CAST(failed_first_attempt AS DOUBLE) / nullif(attempted, 0) AS failed_delivery_rate
FROM grouped
