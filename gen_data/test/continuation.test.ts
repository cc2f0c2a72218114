import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../db/test/support/oltp-database.js';
import { DAY } from '../src/clock/sim-time.js';
import type { StatsReport } from '../src/report/stats.js';
import { scenarioNamed } from '../src/scenarios/catalog.js';
import type { PlanEvent } from '../src/scenarios/plan.js';
import { continueShop, invariantViolations, START, statsOf } from './support.js';

/** Ten business days, every scenario among them: flash sales at 20:00 for two hours, the others all day. */
const DAYS = [
  'normal-day',
  'flash-sale',
  'fraud-attack',
  'normal-day',
  'promotion-blast',
  'normal-day',
  'fraud-attack',
  'normal-day',
  'flash-sale',
  'normal-day',
];
const CUSTOMERS = 600;
const SEED = 'continuation';

/** The bands docs/gen-data.md states: how far one shop simulated in ten runs may differ from one run. */
const BANDS = { statusShare: 0.08, abandonment: 0.04, onTime: 0.07 };

const plan: PlanEvent[] = DAYS.flatMap((name, i) =>
  name === 'normal-day'
    ? []
    : [
        name === 'flash-sale'
          ? { scenario: scenarioNamed(name), day: i + 1, at: 20 * 60, hours: 2 }
          : { scenario: scenarioNamed(name), day: i + 1, at: 0, hours: 24 },
      ],
);

let runs: TestDatabase;
let once: TestDatabase;
const reports = new Map<string, StatsReport>();

beforeAll(async () => {
  runs = await freshOltpDatabase('gen_continuation_runs');
  once = await freshOltpDatabase('gen_continuation_once');
  for (const [i, scenario] of DAYS.entries()) {
    const config = await continueShop(runs.writer, { scenario, days: 1, customers: CUSTOMERS, seed: SEED });
    // Each run starts where the one before ended: at the shop's clock.
    expect(config.start).toBe(START + i * DAY);
  }
  await continueShop(once.writer, { plan, days: DAYS.length, customers: CUSTOMERS, seed: SEED });
  reports.set('runs', await statsOf(runs.writer));
  reports.set('once', await statsOf(once.writer));
}, 900_000);

afterAll(async () => {
  await runs?.drop();
  await once?.drop();
});

describe('ten one-day runs against one ten-day run', () => {
  it.each([
    ['ten runs', () => runs],
    ['one run', () => once],
  ])('%s keep every invariant, with nothing under way stalled', async (_, db) => {
    const violations = await invariantViolations(db().writer, DAYS.length);
    expect(violations.processes_progress).toBe(0);
    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((k) => [k, 0])));
  });

  it('agree on the shares of orders per status, abandonment and on-time delivery', () => {
    const a = reports.get('runs') as StatsReport;
    const b = reports.get('once') as StatsReport;
    const statuses = new Set([...Object.keys(a.lifecycle), ...Object.keys(b.lifecycle)]);
    const share = (r: StatsReport, s: string) => (r.lifecycle[s] ?? 0) / r.orders;
    const gaps = Object.fromEntries([...statuses].map((s) => [s, Math.abs(share(a, s) - share(b, s))]));
    for (const [status, gap] of Object.entries(gaps)) expect(gap, status).toBeLessThanOrEqual(BANDS.statusShare);
    expect(Math.abs(a.cartAbandonment - b.cartAbandonment)).toBeLessThanOrEqual(BANDS.abandonment);
    expect(Math.abs(a.onTimeRate - b.onTimeRate)).toBeLessThanOrEqual(BANDS.onTime);
    // Both shops traded for ten days: the orders of the first days finished their lifecycle.
    for (const r of [a, b]) expect(r.lifecycle.Completed ?? 0).toBeGreaterThan(0.2 * r.orders);
  });
});
