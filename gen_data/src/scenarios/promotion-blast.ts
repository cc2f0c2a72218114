import type { Effects, World } from '../model/world.js';
import { vnd } from '../money.js';
import { createDiscount } from './normal-day.js';
import type { Scenario } from './scenario.js';

const promoted = new WeakMap<World, number[]>();

/** A marketing campaign: vouchers, ads pushing two categories, more visits, more first-time buyers. */
export const promotionBlast: Scenario = {
  name: 'promotion-blast',
  description:
    'Campaign over the window: BLAST15 (15% off, capped) and NEWBIE100K vouchers, two promoted categories, traffic x1.8, new customers x5, higher conversion and voucher use.',
  defaultWindow: (start, end) => ({ from: start, to: end }),
  begin(w, window) {
    const cats = w.ref.categories.map((c) => c.id);
    const chosen = [w.rng.pick(cats), w.rng.pick(cats)];
    promoted.set(w, [...new Set(chosen)]);
    createDiscount(w, {
      code: 'BLAST15',
      type: 'percent',
      percent: 15,
      fixed: 0n,
      cap: vnd(500_000),
      minOrder: vnd(300_000),
      from: window.from,
      to: window.to,
      limit: Math.max(100, w.customers.length * 2),
      campaign: 'promotion-blast',
    });
    createDiscount(w, {
      code: 'NEWBIE100K',
      type: 'fixed_amount',
      percent: 0,
      fixed: vnd(100_000),
      cap: null,
      minOrder: vnd(500_000),
      from: window.from,
      to: window.to,
      limit: null,
      campaign: 'promotion-blast',
    });
  },
  effects(base: Effects, w: World): Effects {
    return {
      ...base,
      traffic: base.traffic * 1.8,
      newCustomers: base.newCustomers * 5,
      conversion: base.conversion * 1.4,
      voucherUse: Math.max(base.voucherUse, 0.65),
      promoted: [...base.promoted, ...(promoted.get(w) ?? [])],
      promotedShare: 0.5,
      scenario: 'promotion-blast',
    };
  },
};
