import { describe, expect, it } from 'vitest';
import { DAY } from '../src/clock/sim-time.js';
import { FREE_SHIPPING_FROM, priceOrder, splitDiscount } from '../src/flows/order-pricing.js';
import type { Discount } from '../src/model/world.js';
import { vnd } from '../src/money.js';

const voucher = (over: Partial<Discount>): Discount => ({
  id: 1,
  campaign: 'always-on',
  code: 'SAVE5',
  from: 0,
  type: 'percent',
  to: DAY,
  percent: 5,
  limit: null,
  fixed: 0n,
  used: 0,
  cap: vnd(200_000),
  newCustomersOnly: false,
  minOrder: vnd(1_000_000),
  ...over,
});
const base = { at: 10, firstOrder: false, baseFee: vnd(32_500), feeMultiplierPercent: 150, vouchers: [] };

describe('priceOrder', () => {
  it('adds up lines after item discounts and prices shipping in round thousands', () => {
    const price = priceOrder({
      ...base,
      lines: [
        { unitPrice: vnd(250_000), quantity: 2, discount: vnd(100_000) },
        { unitPrice: vnd(99_000), quantity: 1, discount: 0n },
      ],
    });
    expect(price.subtotal).toBe(vnd(499_000));
    // 32,500 x 1.5 = 48,750, quoted as 48,000.
    expect(price.shippingFee).toBe(vnd(48_000));
    expect(price).toMatchObject({ voucher: undefined, discount: 0n, total: vnd(547_000) });
  });

  it('ships free from the threshold up, not below it', () => {
    const line = (amount: bigint) => [{ unitPrice: amount, quantity: 1, discount: 0n }];
    expect(priceOrder({ ...base, lines: line(FREE_SHIPPING_FROM) }).shippingFee).toBe(0n);
    expect(priceOrder({ ...base, lines: line(FREE_SHIPPING_FROM - 100n) }).shippingFee).toBe(vnd(48_000));
  });

  it('takes the best voucher that applies, and the total follows it', () => {
    const save5 = voucher({});
    const welcome = voucher({ id: 2, type: 'fixed_amount', fixed: vnd(50_000), minOrder: vnd(300_000) });
    const newcomers = { ...welcome, id: 3, fixed: vnd(100_000), newCustomersOnly: true };
    const lines = [{ unitPrice: vnd(1_200_000), quantity: 1, discount: 0n }];
    const vouchers = [save5, welcome, newcomers];
    // 5% of 1,200,000 = 60,000 beats 50,000; the newcomer voucher is not theirs.
    expect(priceOrder({ ...base, lines, vouchers })).toMatchObject({
      voucher: save5,
      discount: vnd(60_000),
      total: vnd(1_200_000 - 60_000 + 48_000),
    });
    expect(priceOrder({ ...base, lines, vouchers, firstOrder: true }).voucher).toBe(newcomers);
    // Outside every window: no voucher at all.
    expect(priceOrder({ ...base, lines, vouchers, at: DAY }).discount).toBe(0n);
  });
});

describe('splitDiscount', () => {
  it('spreads an item discount over warehouses by units, the parts adding up exactly', () => {
    expect(splitDiscount(vnd(100), [1, 2])).toEqual([3333n, 6667n]);
    expect(splitDiscount(vnd(90), [3])).toEqual([vnd(90)]);
    const parts = splitDiscount(1001n, [1, 1, 1]);
    expect(parts.reduce((s, p) => s + p, 0n)).toBe(1001n);
  });
});
