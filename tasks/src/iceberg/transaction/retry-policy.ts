import { ValidationError } from '../errors.js';

/**
 * How a commit is retried after losing the compare-and-swap: the spec's table properties
 * `commit.retry.*`, with the spec's defaults, so every engine writing a table retries alike.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  numRetries: number;
  minWaitMs: number;
  maxWaitMs: number;
  /** No retry starts once this long has passed since the first attempt. */
  totalTimeoutMs: number;
}

export const RETRY_PROPERTIES = {
  numRetries: 'commit.retry.num-retries',
  minWaitMs: 'commit.retry.min-wait-ms',
  maxWaitMs: 'commit.retry.max-wait-ms',
  totalTimeoutMs: 'commit.retry.total-timeout-ms',
} as const;

export const DEFAULT_RETRY: RetryPolicy = {
  numRetries: 4,
  minWaitMs: 100,
  maxWaitMs: 60_000,
  totalTimeoutMs: 1_800_000,
};

/** The policy a table's properties set; a malformed value is refused (Java's PropertyUtil throws too). */
export function retryPolicy(properties: Record<string, string> | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY };
  for (const [key, property] of Object.entries(RETRY_PROPERTIES) as [keyof RetryPolicy, string][]) {
    const raw = properties?.[property];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
      throw new ValidationError(`Table property ${property} must be a non-negative integer, got "${raw}"`);
    }
    policy[key] = value;
  }
  return policy;
}

/**
 * The wait before retry number `retry` (1 for the first): exponential from minWaitMs up to
 * maxWaitMs, with full jitter so that appenders that collided once do not collide again in lockstep.
 */
export function backoffMs(retry: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxWaitMs, policy.minWaitMs * 2 ** (retry - 1));
  return Math.round(policy.minWaitMs + random() * Math.max(0, ceiling - policy.minWaitMs));
}
