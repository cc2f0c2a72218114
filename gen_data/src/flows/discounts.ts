import type { Discount } from '../model/world.js';
import { type Money, minMoney, percentOf } from '../money.js';

/**
 * The vouchers only a first order may use. The schema has no column for it, so a run that resumes
 * a shop knows them by name.
 */
export const FIRST_ORDER_VOUCHERS: ReadonlySet<string> = new Set(['WELCOME50K', 'NEWBIE100K']);

/** What a discount takes off a subtotal, exactly as rule 4 computes the allowance; 0 when it does not apply. */
export function discountFor(d: Discount, subtotal: Money, at: number, isNewCustomer: boolean): Money {
  if (at < d.from || at >= d.to) return 0n;
  if (d.limit !== null && d.used >= d.limit) return 0n;
  if (subtotal < d.minOrder) return 0n;
  if (d.newCustomersOnly && !isNewCustomer) return 0n;
  if (d.type === 'fixed_amount') return minMoney(d.fixed, subtotal);
  const off = percentOf(subtotal, d.percent);
  return d.cap === null ? off : minMoney(off, d.cap);
}

/** The customer applies the best voucher they hold; ties go to the oldest code. */
export function bestDiscount(
  discounts: readonly Discount[],
  subtotal: Money,
  at: number,
  isNewCustomer: boolean,
): { discount: Discount; amount: Money } | undefined {
  let best: { discount: Discount; amount: Money } | undefined;
  for (const d of discounts) {
    const amount = discountFor(d, subtotal, at, isNewCustomer);
    if (amount > 0n && (!best || amount > best.amount)) best = { discount: d, amount };
  }
  return best;
}
