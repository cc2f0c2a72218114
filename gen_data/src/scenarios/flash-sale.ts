import { DAY, HOUR, localMidnight } from '../clock/sim-time.js';
import type { Effects, World } from '../model/world.js';
import type { Scenario, Window } from './scenario.js';

/**
 * A two-hour evening flash sale: a handful of popular SKUs at 40-60% off, each with a small quota
 * of units at that price, traffic x12, shoppers racing for the same units; once an offer sells out
 * the rest drop it and mostly abandon.
 */
export const flashSale: Scenario = {
  name: 'flash-sale',
  description:
    'Evening flash sale (20:00-22:00 local on the first day): 8 deep-discount SKUs, each with a limited quota, traffic x12, sell-outs and the abandonment they cause.',
  defaultWindow(start, end) {
    // localMidnight is the instant of local midnight: 20:00 local is 20 hours on.
    let from = localMidnight(start) + 20 * HOUR;
    if (from < start) from += DAY;
    if (from >= end) from = start;
    return { from, to: Math.min(end, from + 2 * HOUR) };
  },
  prepare(w, _window: Window, ctx) {
    // Mid-popularity SKUs: wanted enough to race for, not so popular that normal demand drains them first.
    const picked = w.rankedProducts
      .slice(8, 40)
      .filter((_, i) => i % 4 === 0)
      .slice(0, 8);
    const quota = Math.max(12, Math.round(ctx.customers / 120));
    for (const p of picked) {
      w.flashOffers.set(p.id, { productId: p.id, percent: w.rng.pick([40, 45, 50, 55, 60]), quota, left: quota });
    }
  },
  begin(w) {
    // Each sale offers its own quota (a plan may hold several).
    for (const offer of w.flashOffers.values()) offer.left = offer.quota;
  },
  effects(base: Effects, w: World): Effects {
    return {
      ...base,
      traffic: base.traffic * 12,
      conversion: base.conversion * 1.3,
      flash: [...base.flash, ...w.flashOffers.values()],
      flashShare: 0.7,
      scenario: 'flash-sale',
    };
  },
};
