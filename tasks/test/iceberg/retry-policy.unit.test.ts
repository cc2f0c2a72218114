import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/iceberg/errors.js';
import { backoffMs, DEFAULT_RETRY, retryPolicy } from '../../src/iceberg/transaction/retry-policy.js';

describe('commit retry policy', () => {
  it("takes the spec's defaults, or the table's commit.retry.* properties", () => {
    expect(retryPolicy(undefined)).toEqual({
      numRetries: 4,
      minWaitMs: 100,
      maxWaitMs: 60_000,
      totalTimeoutMs: 1_800_000,
    });
    expect(
      retryPolicy({
        'commit.retry.num-retries': '30',
        'commit.retry.min-wait-ms': '20',
        'commit.retry.max-wait-ms': '400',
        'commit.retry.total-timeout-ms': '60000',
        'unrelated.key': 'x',
      }),
    ).toEqual({ numRetries: 30, minWaitMs: 20, maxWaitMs: 400, totalTimeoutMs: 60_000 });
    expect(retryPolicy({ 'commit.retry.num-retries': '0' })).toEqual({ ...DEFAULT_RETRY, numRetries: 0 });
  });

  it('refuses a malformed value instead of guessing', () => {
    for (const value of ['-1', 'ten', '1.5', '']) {
      expect(() => retryPolicy({ 'commit.retry.min-wait-ms': value }), value).toThrow(ValidationError);
    }
  });

  it('backs off with full jitter inside a window that doubles up to the maximum', () => {
    const policy = { ...DEFAULT_RETRY, minWaitMs: 100, maxWaitMs: 5000 };
    expect(backoffMs(1, policy, () => 0)).toBe(100);
    expect(backoffMs(1, policy, () => 1)).toBe(100);
    expect(backoffMs(3, policy, () => 1)).toBe(400);
    expect(backoffMs(3, policy, () => 0.5)).toBe(250);
    expect(backoffMs(20, policy, () => 1)).toBe(5000);
  });
});
