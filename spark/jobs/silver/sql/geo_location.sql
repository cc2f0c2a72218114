SELECT
  c.geo_id,
  c.ward_code,
  c.ward_name,
  c.district_code,
  c.district_name,
  c.province_code,
  c.province_name,
  status_code(c.region) AS region,
  c.latitude,
  c.longitude,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.geo_id IS NULL THEN 'null_key'
    WHEN status_code(c.region) NOT IN ('north', 'central', 'south') THEN 'unknown_region'
  END AS _dq_rule
FROM changes c
