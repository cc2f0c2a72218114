-- The oracle of gold.fraud_quality: precision and recall counted over the oracle of
-- gold.fraud_scores (fraud_scores.sql, put in place of {fraud_scores} by the test).
SELECT
  count(*) AS orders,
  count(*) FILTER (WHERE flagged) AS flagged_orders,
  count(*) FILTER (WHERE labeled_fraud) AS labeled_orders,
  count(*) FILTER (WHERE flagged AND labeled_fraud) AS true_positives,
  (count(*) FILTER (WHERE flagged AND labeled_fraud))::float8 / nullif(count(*) FILTER (WHERE flagged), 0) AS precision,
  (count(*) FILTER (WHERE flagged AND labeled_fraud))::float8 / nullif(count(*) FILTER (WHERE labeled_fraud), 0) AS recall
FROM ({fraud_scores}) scores
