SELECT
  c.customer_id,
  c.customer_code,
  c.full_name,
  c.email,
  c.phone,
  status_code(c.gender) AS gender,
  c.birth_date,
  c.geo_id,
  c.address_line,
  c.registered_channel_id,
  c.persona,
  status_code(c.tier) AS tier,
  c.lifetime_spend,
  c.loyalty_points,
  c.registered_at,
  business_date(c.registered_at) AS registered_date,
  c.device_fingerprint,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.customer_id IS NULL THEN 'null_key'
    WHEN c.gender IS NOT NULL AND status_code(c.gender) NOT IN ('male', 'female', 'other') THEN 'unknown_gender'
    WHEN status_code(c.tier) NOT IN ('bronze', 'silver', 'gold', 'platinum') THEN 'unknown_tier'
    WHEN c.lifetime_spend < 0 THEN 'negative_amount'
  END AS _dq_rule
FROM changes c
