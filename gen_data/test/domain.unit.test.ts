import { describe, expect, it } from 'vitest';
import { DAY, localHour, parseSimTime } from '../src/clock/sim-time.js';
import { hourlyFactor } from '../src/clock/traffic-curve.js';
import { discountFor } from '../src/flows/discounts.js';
import { loyaltyPoints, tierForSpend } from '../src/flows/loyalty.js';
import { LEGAL_TRANSITIONS, longestStay, OPEN_STATUSES, planTimeline } from '../src/flows/order-timeline.js';
import { restock } from '../src/flows/stock-moves.js';
import { allocate, takeFifo } from '../src/model/stock.js';
import type { StockCell } from '../src/model/types.js';
import type { Discount, World } from '../src/model/world.js';
import { formatMoney, parseMoney, percentOf, vnd } from '../src/money.js';
import { Rng } from '../src/random/prng.js';
import { flashSale } from '../src/scenarios/flash-sale.js';
import { parsePlan, placePlan } from '../src/scenarios/plan.js';

const cell = (warehouseId: number, lots: [number, number][]): StockCell => ({
  productId: 1,
  warehouseId,
  quantity: lots.reduce((s, [q]) => s + q, 0),
  safety: 10,
  reorder: 20,
  lots: lots.map(([q, cost], i) => ({ id: warehouseId * 10 + i, remaining: q, received: i, unitCost: vnd(cost) })),
  onOrder: 0,
  openAlert: {},
});

describe('seeded randomness', () => {
  it('replays the same sequence for the same seed and differs for another', () => {
    const a = new Rng('x');
    const b = new Rng('x');
    const c = new Rng('y');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });
});

describe('money', () => {
  it('is exact and round-trips NUMERIC text', () => {
    expect(formatMoney(parseMoney('13390000.00') + parseMoney('0.10') * 3n)).toBe('13390000.30');
    expect(percentOf(parseMoney('999.99'), 15)).toBe(parseMoney('150.00'));
  });
});

describe('stock', () => {
  it('allocates from the nearest warehouse with enough stock, else splits', () => {
    const near = cell(1, [[2, 100]]);
    const far = cell(2, [[10, 100]]);
    expect(allocate([near, far], 2)?.map((p) => [p.cell.warehouseId, p.quantity])).toEqual([[1, 2]]);
    expect(allocate([near, far], 5)?.map((p) => [p.cell.warehouseId, p.quantity])).toEqual([[2, 5]]);
    expect(allocate([near, far], 11)?.map((p) => [p.cell.warehouseId, p.quantity])).toEqual([
      [1, 2],
      [2, 9],
    ]);
    expect(allocate([near, far], 13)).toBeUndefined();
  });

  it('consumes the oldest lots first and costs them (FIFO COGS)', () => {
    const c = cell(1, [
      [3, 100],
      [5, 120],
    ]);
    const { cost, takes } = takeFifo(c, 4);
    expect(cost).toBe(vnd(3 * 100 + 120));
    expect(takes.map((t) => t.quantity)).toEqual([3, 1]);
    expect(c.quantity).toBe(4);
  });

  it('puts returned units back into an exhausted lot that FIFO already dropped, in FIFO place', () => {
    const w = { emit() {}, take: () => 1, touched: new Set<StockCell>() } as unknown as World;
    const c = cell(1, [
      [3, 100],
      [5, 120],
    ]);
    const first = takeFifo(c, 3); // empties the older lot
    takeFifo(c, 2); // the older lot is now dropped from the cell
    restock(w, 0, c, first.takes, 'order', 1, 'cancelled');
    expect(c.quantity).toBe(6);
    expect(c.lots.reduce((s, l) => s + l.remaining, 0)).toBe(6);
    const { cost, takes } = takeFifo(c, 6);
    expect(cost).toBe(vnd(3 * 100 + 3 * 120));
    expect(takes.map((t) => [t.lot.id, t.quantity])).toEqual([
      [10, 3],
      [11, 3],
    ]);
  });
});

describe('order timeline', () => {
  it('is always a legal path with increasing times, and most orders complete', () => {
    const rng = new Rng('timeline');
    let completed = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = planTimeline(rng, { status: 'Pending', since: 0, methodHours: 48, onTimeRate: 0.9 });
      let prev = 'Pending' as keyof typeof LEGAL_TRANSITIONS;
      let at = 0;
      for (const step of t.steps) {
        if (!LEGAL_TRANSITIONS[prev].includes(step.status)) wrong.push(`${prev} -> ${step.status}`);
        if (!(step.at > at)) wrong.push(`${step.status} at ${step.at} after ${at}`);
        prev = step.status;
        at = step.at;
      }
      if (prev !== t.outcome) wrong.push(`ends ${prev}, outcome ${t.outcome}`);
      if (t.outcome === 'Completed') completed++;
    }
    expect(wrong).toEqual([]);
    expect(completed / 2000).toBeGreaterThan(0.85);
  });

  it('goes on from any open status, and never stays in one longer than its longest stay', () => {
    const rng = new Rng('resume');
    const methodHours = 120;
    const wrong: string[] = [];
    let longest = 0;
    for (const status of OPEN_STATUSES) {
      for (let i = 0; i < 1000; i++) {
        // In transit: handed over a day ago, after 0-2 delivery attempts.
        const shipped = ['Shipped', 'Delivering', 'DeliveryFailed', 'Delivered'].includes(status);
        const attempts = status === 'Delivering' || status === 'DeliveryFailed' ? 1 + (i % 3) : i % 3;
        const t = planTimeline(rng, {
          status,
          since: 10 * DAY,
          methodHours,
          onTimeRate: 0.85,
          ...(shipped ? { shippedAt: 9 * DAY, estimatedAt: 9 * DAY + methodHours * 3_600_000, attempts } : {}),
        });
        if (t.steps.length === 0) wrong.push(`${status}: no step`);
        let prev = status;
        let at = 10 * DAY;
        for (const step of t.steps) {
          if (!LEGAL_TRANSITIONS[prev].includes(step.status)) wrong.push(`${prev} -> ${step.status}`);
          const stay = (step.at - at) / longestStay(prev, methodHours);
          if (stay > 1) wrong.push(`${prev} for ${step.at - at} ms`);
          longest = Math.max(longest, stay);
          prev = step.status;
          at = step.at;
        }
        if (prev !== t.outcome) wrong.push(`${status}: ends ${prev}, outcome ${t.outcome}`);
      }
    }
    expect(wrong).toEqual([]);
    // The bounds are tight enough to matter: some stays come close to them.
    expect(longest).toBeGreaterThan(0.9);
  });

  it('delivers at most three times before returning to sender', () => {
    const rng = new Rng('attempts');
    for (let i = 0; i < 3000; i++) {
      const t = planTimeline(rng, {
        status: 'DeliveryFailed',
        since: 0,
        methodHours: 48,
        onTimeRate: 0.5,
        attempts: 3,
      });
      expect(t.steps[0]?.status).toBe('Returned');
    }
  });
});

describe('loyalty and discounts', () => {
  it('derives tiers and points like the database', () => {
    expect(tierForSpend(vnd(4_999_999))).toBe('Bronze');
    expect(tierForSpend(vnd(5_000_000))).toBe('Silver');
    expect(tierForSpend(vnd(50_000_000))).toBe('Platinum');
    expect(loyaltyPoints(vnd(35_000), 'Silver')).toBe(4n); // floor(floor(3.5) * 1.5)
    expect(loyaltyPoints(vnd(100_000), 'Platinum')).toBe(30n);
  });

  it('applies a voucher only inside its window, above its minimum, within its cap and limit', () => {
    const d: Discount = {
      id: 1,
      code: 'X',
      type: 'percent',
      percent: 15,
      fixed: 0n,
      cap: vnd(100_000),
      minOrder: vnd(300_000),
      from: 0,
      to: DAY,
      limit: 1,
      used: 0,
      campaign: 'c',
      newCustomersOnly: false,
    };
    expect(discountFor(d, vnd(400_000), 10, false)).toBe(vnd(60_000));
    expect(discountFor(d, vnd(2_000_000), 10, false)).toBe(vnd(100_000));
    expect(discountFor(d, vnd(200_000), 10, false)).toBe(0n);
    expect(discountFor(d, vnd(400_000), DAY, false)).toBe(0n);
    expect(discountFor({ ...d, used: 1 }, vnd(400_000), 10, false)).toBe(0n);
  });
});

describe('clock and plan', () => {
  it('reads dates as Vietnamese business days and peaks at lunch and evening', () => {
    const t = parseSimTime('2025-03-05');
    expect(new Date(t).toISOString()).toBe('2025-03-04T17:00:00.000Z');
    expect(localHour(t)).toBe(0);
    expect(() => parseSimTime('2025-02-30')).toThrow(/bad date/);
    expect(() => parseSimTime('tomorrow')).toThrow(/bad date/);
    expect(hourlyFactor(t + 12 * 3_600_000)).toBeGreaterThan(3 * hourlyFactor(t + 3 * 3_600_000));
    expect(hourlyFactor(t + 21 * 3_600_000)).toBeGreaterThan(hourlyFactor(t + 12 * 3_600_000));
  });

  it('holds a flash sale alone at 20:00-22:00 local on the first day', () => {
    const start = parseSimTime('2025-03-03');
    expect(flashSale.defaultWindow(start, start + DAY)).toEqual({
      from: parseSimTime('2025-03-03T20:00'),
      to: parseSimTime('2025-03-03T22:00'),
    });
    // Starting after 20:00, the sale is the next evening's.
    const late = parseSimTime('2025-03-03T21:00');
    expect(flashSale.defaultWindow(late, late + 2 * DAY).from).toBe(parseSimTime('2025-03-04T20:00'));
  });

  it('places plan events on business days', () => {
    const start = parseSimTime('2025-03-03');
    const events = parsePlan('{"events":[{"scenario":"flash-sale","day":3,"at":"20:00","hours":2}]}');
    const plan = placePlan(events, start, start + 7 * DAY);
    expect(new Date(plan[0]?.window.from ?? 0).toISOString()).toBe('2025-03-05T13:00:00.000Z');
    expect(new Date(plan[0]?.window.to ?? 0).toISOString()).toBe('2025-03-05T15:00:00.000Z');
    expect(() => placePlan(events, start, start + 2 * DAY)).toThrow(/falls outside the run/);
    expect(() => parsePlan('{"events":[{"scenario":"nope"}]}')).toThrow(/unknown scenario/);
  });
});
