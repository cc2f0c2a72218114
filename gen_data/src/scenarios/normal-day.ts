import { DAY } from '../clock/sim-time.js';
import { type Discount, type Effects, money, ts, type World } from '../model/world.js';
import { vnd } from '../money.js';
import type { Scenario } from './scenario.js';

export const normalDay: Scenario = {
  name: 'normal-day',
  description:
    'Ordinary trading: lunch and evening peaks, weekday effects, personas, standing vouchers, orders through their full lifecycle.',
  defaultWindow: (start, end) => ({ from: start, to: end }),
  effects: (base: Effects) => base,
};

/** Creates a discount row and keeps it in memory; the database counts its uses. */
export function createDiscount(w: World, d: Omit<Discount, 'id' | 'used'>): Discount {
  const discount: Discount = { ...d, id: w.take('discount'), used: 0 };
  w.discounts.push(discount);
  w.emit('discount', 0, [
    discount.id,
    `${d.code}-${discount.id}`,
    d.code,
    d.type,
    d.type === 'percent' ? String(d.percent) : money(d.fixed),
    d.cap === null ? null : money(d.cap),
    money(d.minOrder),
    ts(d.from),
    ts(d.to),
    d.limit,
    d.campaign,
  ]);
  return discount;
}

/** Vouchers every shop keeps running: a small percent off and a welcome voucher for first orders. */
export function standingVouchers(w: World, from: number, to: number): void {
  createDiscount(w, {
    code: 'SAVE5',
    type: 'percent',
    percent: 5,
    fixed: 0n,
    cap: vnd(200_000),
    minOrder: vnd(1_000_000),
    from,
    to: to + 30 * DAY,
    limit: null,
    campaign: 'always-on',
    newCustomersOnly: false,
  });
  createDiscount(w, {
    code: 'WELCOME50K',
    type: 'fixed_amount',
    percent: 0,
    fixed: vnd(50_000),
    cap: null,
    minOrder: vnd(300_000),
    from,
    to: to + 30 * DAY,
    limit: null,
    campaign: 'welcome',
    newCustomersOnly: true,
  });
}
