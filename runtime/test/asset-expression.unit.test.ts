import { describe, expect, it } from 'vitest';
import { assetExpressionSatisfied } from '../src/airflow/asset-expression.js';

const asset = (id: number) => ({ asset: { id, name: `raw.t${id}` } });

describe('assetExpressionSatisfied', () => {
  it('needs every Asset of an all-of schedule, one of an any-of', () => {
    const all = { all: [asset(1), asset(2), asset(3)] };
    expect(assetExpressionSatisfied(all, new Set([1, 3]))).toBe(false);
    expect(assetExpressionSatisfied(all, new Set([1, 2, 3]))).toBe(true);
    const any = { any: [asset(1), asset(2)] };
    expect(assetExpressionSatisfied(any, new Set())).toBe(false);
    expect(assetExpressionSatisfied(any, new Set([2]))).toBe(true);
  });

  it('follows nesting, and counts no schedule or an unknown kind as not satisfied', () => {
    const nested = { all: [asset(1), { any: [asset(2), asset(3)] }] };
    expect(assetExpressionSatisfied(nested, new Set([1, 3]))).toBe(true);
    expect(assetExpressionSatisfied(nested, new Set([2, 3]))).toBe(false);
    expect(assetExpressionSatisfied(null, new Set([1]))).toBe(false);
    expect(assetExpressionSatisfied({ alias: { name: 'a' } }, new Set([1]))).toBe(false);
  });
});
