SELECT
  c.warehouse_id,
  c.code,
  c.name,
  c.geo_id,
  status_code(c.region) AS region,
  c.capacity_units,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.warehouse_id IS NULL THEN 'null_key'
    WHEN status_code(c.region) NOT IN ('north', 'central', 'south') THEN 'unknown_region'
  END AS _dq_rule
FROM changes c
