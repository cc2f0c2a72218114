/**
 * A DAG's Asset schedule as Airflow's REST API gives it (`asset_expression` of
 * `GET /dags/{id}/details`): an Asset, or all / any of nested expressions.
 */
export type AssetExpression =
  | { asset: { id: number; name?: string } }
  | { all: AssetExpression[] }
  | { any: AssetExpression[] }
  | Record<string, unknown>;

/**
 * Whether the queued Asset events (by asset id) are enough for the scheduler to start a run. An
 * expression of another kind (an alias) counts as not satisfied: a caller waiting for the run it
 * would start then stops waiting instead of waiting forever.
 */
export function assetExpressionSatisfied(expression: AssetExpression | null, queued: ReadonlySet<number>): boolean {
  if (expression === null) return false;
  if ('asset' in expression) return queued.has((expression.asset as { id: number }).id);
  if ('all' in expression)
    return (expression.all as AssetExpression[]).every((e) => assetExpressionSatisfied(e, queued));
  if ('any' in expression)
    return (expression.any as AssetExpression[]).some((e) => assetExpressionSatisfied(e, queued));
  return false;
}
