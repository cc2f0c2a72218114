SELECT
  status_code(c.tier) AS tier,
  c.min_lifetime_spend,
  c.points_multiplier,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.tier IS NULL THEN 'null_key'
    WHEN status_code(c.tier) NOT IN ('bronze', 'silver', 'gold', 'platinum') THEN 'unknown_tier'
    WHEN c.min_lifetime_spend < 0 THEN 'negative_amount'
  END AS _dq_rule
FROM changes c
