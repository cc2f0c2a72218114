SELECT
  c.channel_id,
  c.code,
  c.name,
  status_code(c.channel_type) AS channel_type,
  c.commission_rate,
  c.created_at,
  business_date(c.created_at) AS created_date,
  c.updated_at,
  c._lsn,
  c._seq,
  c._record,
  CASE
    WHEN c.channel_id IS NULL THEN 'null_key'
    WHEN status_code(c.channel_type) NOT IN ('marketplace', 'social_commerce', 'own_store') THEN 'unknown_channel_type'
  END AS _dq_rule
FROM changes c
