import type { Tier } from '../model/types.js';
import type { Money } from '../money.js';

/** Same thresholds as oltp.loyalty_tier (VND, in hundredths). */
const TIERS: readonly [Tier, Money, number][] = [
  ['Platinum', 5_000_000_000n, 3],
  ['Gold', 2_000_000_000n, 2],
  ['Silver', 500_000_000n, 1.5],
  ['Bronze', 0n, 1],
];

export function tierForSpend(spend: Money): Tier {
  for (const [tier, min] of TIERS) if (spend >= min) return tier;
  return 'Bronze';
}

/** oltp.loyalty_points: floor(floor(spend / 10,000 VND) * multiplier); x1.5 handled in integers. */
export function loyaltyPoints(amount: Money, tier: Tier): bigint {
  const units = amount / 1_000_000n;
  const multiplier = (TIERS.find(([t]) => t === tier) as [Tier, Money, number])[2];
  return (units * BigInt(Math.round(multiplier * 2))) / 2n;
}
