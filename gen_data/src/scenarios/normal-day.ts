import { DAY } from '../clock/sim-time.js';
import { FIRST_ORDER_VOUCHERS } from '../flows/discounts.js';
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
export function createDiscount(w: World, d: Omit<Discount, 'id' | 'used' | 'newCustomersOnly'>): Discount {
  const discount: Discount = {
    ...d,
    id: w.take('discount'),
    used: 0,
    newCustomersOnly: FIRST_ORDER_VOUCHERS.has(d.code),
  };
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

type VoucherTerms = Omit<Discount, 'id' | 'used' | 'newCustomersOnly' | 'from' | 'to'>;

/** Vouchers every shop keeps running: a small percent off, and a welcome voucher for first orders. */
const STANDING: readonly VoucherTerms[] = [
  {
    code: 'SAVE5',
    type: 'percent',
    percent: 5,
    fixed: 0n,
    cap: vnd(200_000),
    minOrder: vnd(1_000_000),
    limit: null,
    campaign: 'always-on',
  },
  {
    code: 'WELCOME50K',
    type: 'fixed_amount',
    percent: 0,
    fixed: vnd(50_000),
    cap: null,
    minOrder: vnd(300_000),
    limit: null,
    campaign: 'welcome',
  },
];

/**
 * Issues the standing vouchers, valid until a month after the run. A continuing shop keeps those
 * it has; a new one is issued only when they end before this run does, from the moment they end.
 */
export function standingVouchers(w: World, from: number, to: number): void {
  for (const terms of STANDING) {
    const valid = w.discounts.filter((d) => d.code === terms.code && d.campaign === terms.campaign);
    const until = valid.reduce((t, d) => Math.max(t, d.to), from);
    if (until < to) createDiscount(w, { ...terms, from: until, to: to + 30 * DAY });
  }
}
