-- gold.fraud_quality: precision and recall of the fraud score against the labels, over every
-- order (docs/kpis.md, "fraud"). Reads gold.fraud_scores, so it is built after it.
SELECT
  count(*) AS orders,
  count_if(flagged) AS flagged_orders,
  count_if(labeled_fraud) AS labeled_orders,
  count_if(flagged AND labeled_fraud) AS true_positives,
  CAST(count_if(flagged AND labeled_fraud) AS DOUBLE) / nullif(count_if(flagged), 0) AS precision,
  CAST(count_if(flagged AND labeled_fraud) AS DOUBLE) / nullif(count_if(labeled_fraud), 0) AS recall
FROM gold.fraud_scores
