import type { Discount } from '../model/world.js';
import { floorTo, type Money } from '../money.js';
import { bestDiscount } from './discounts.js';

/** Free shipping above 3,000,000 VND, as marketplaces' free-ship vouchers usually set it. */
export const FREE_SHIPPING_FROM: Money = 300_000_000n;

export interface PricedLine {
  unitPrice: Money;
  quantity: number;
  /** Item-level discount (flash sale) on the whole line. */
  discount: Money;
}

export interface PricingInput {
  lines: readonly PricedLine[];
  /** The vouchers the customer holds and uses for this order (none: pays without one). */
  vouchers: readonly Discount[];
  at: number;
  firstOrder: boolean;
  /** The logistics partner's base fee and the shipping method's multiplier, in percent. */
  baseFee: Money;
  feeMultiplierPercent: number;
}

export interface OrderPrice {
  subtotal: Money;
  voucher: Discount | undefined;
  discount: Money;
  shippingFee: Money;
  total: Money;
}

/**
 * What the order costs, exactly as the database checks it: subtotal = sum of lines after item
 * discounts, the best applicable voucher off the subtotal (rule 4), the partner's fee times the
 * method's multiplier rounded down to 1,000 VND (free above the threshold), total = subtotal -
 * discount + fee.
 */
export function priceOrder(input: PricingInput): OrderPrice {
  const subtotal = input.lines.reduce((s, l) => s + l.unitPrice * BigInt(l.quantity) - l.discount, 0n);
  const best = bestDiscount(input.vouchers, subtotal, input.at, input.firstOrder);
  const discount = best?.amount ?? 0n;
  const shippingFee = shippingFeeFor(subtotal, input.baseFee, input.feeMultiplierPercent);
  return { subtotal, voucher: best?.discount, discount, shippingFee, total: subtotal - discount + shippingFee };
}

/** The partner's base fee times the method's multiplier, rounded down to 1,000 VND; free above the threshold. */
export function shippingFeeFor(subtotal: Money, baseFee: Money, feeMultiplierPercent: number): Money {
  return subtotal >= FREE_SHIPPING_FROM ? 0n : floorTo((baseFee * BigInt(feeMultiplierPercent)) / 100n, 1000);
}

/**
 * A line's item discount spread over the warehouses that ship it, in proportion to their units
 * (rounded down), the last part taking the remainder so that the parts add up exactly.
 */
export function splitDiscount(discount: Money, quantities: readonly number[]): Money[] {
  const total = BigInt(quantities.reduce((s, q) => s + q, 0));
  let left = discount;
  return quantities.map((q, i) => {
    const share = i === quantities.length - 1 ? left : (discount * BigInt(q)) / total;
    left -= share;
    return share;
  });
}
