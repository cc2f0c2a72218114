import type { Rng } from './prng.js';

/** Cumulative table for repeated weighted draws: O(log n) per draw instead of a scan. */
export class WeightedTable<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length)
      throw new Error('weighted table needs items and weights');
    let sum = 0;
    for (const w of weights) {
      sum += Math.max(0, w);
      this.cumulative.push(sum);
    }
    if (sum <= 0) throw new Error('weighted table needs a positive weight');
    this.total = sum;
  }

  draw(rng: Rng): T {
    const target = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

export function weightedPick<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of entries) total += w;
  let target = rng.next() * total;
  for (const [item, w] of entries) {
    target -= w;
    if (target < 0) return item;
  }
  return (entries[entries.length - 1] as readonly [T, number])[0];
}

/**
 * Zipf weights 1/rank^s over a seeded ranking: a few products get most of the attention, like
 * real catalogues, and the ranking itself is part of the seed.
 */
export function zipfWeights(count: number, exponent: number): number[] {
  const weights: number[] = [];
  for (let rank = 1; rank <= count; rank++) weights.push(1 / rank ** exponent);
  return weights;
}

export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
