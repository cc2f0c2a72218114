import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../db/test/support/oltp-database.js';
import type { StatsReport } from '../src/report/stats.js';
import { backfill, invariantViolations, statsOf, tableHashes } from './support.js';

const SCENARIO_NAMES = ['normal-day', 'flash-sale', 'fraud-attack', 'promotion-blast'] as const;
const dbs = new Map<string, TestDatabase>();
const reports = new Map<string, StatsReport>();

beforeAll(async () => {
  for (const name of SCENARIO_NAMES) {
    const db = await freshOltpDatabase(`gen_${name}`);
    dbs.set(name, db);
    await backfill(db.writer, { scenario: name });
    reports.set(name, await statsOf(db.writer));
  }
});

afterAll(async () => {
  for (const db of dbs.values()) await db.drop();
});

describe.each(SCENARIO_NAMES)('%s backfill', (name) => {
  it('satisfies every invariant', async () => {
    const violations = await invariantViolations((dbs.get(name) as TestDatabase).writer);
    expect(Object.keys(violations).length).toBeGreaterThanOrEqual(12);
    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((k) => [k, 0])));
  });
});

describe('realism (normal-day)', () => {
  it('has a plausible funnel, abandonment, cancellations, channel mix and daily curve', () => {
    const r = reports.get('normal-day') as StatsReport;
    expect(r.orders).toBeGreaterThan(50);
    expect(r.funnel.conversion).toBeGreaterThan(0.015);
    expect(r.funnel.conversion).toBeLessThan(0.08);
    expect(r.funnel.addToCart).toBeGreaterThan(r.funnel.purchase);
    expect(r.cartAbandonment).toBeGreaterThan(0.55);
    expect(r.cartAbandonment).toBeLessThan(0.85);
    expect(r.cancellationRate).toBeGreaterThan(0.01);
    expect(r.cancellationRate).toBeLessThan(0.2);
    expect(r.channelMix.shopee ?? 0).toBeGreaterThan(0.3);
    expect(Object.keys(r.channelMix).length).toBe(5);
    const h = r.ordersByLocalHour;
    const night = (h[2] ?? 0) + (h[3] ?? 0) + (h[4] ?? 0);
    const lunch = (h[11] ?? 0) + (h[12] ?? 0) + (h[13] ?? 0);
    const evening = (h[20] ?? 0) + (h[21] ?? 0) + (h[22] ?? 0);
    expect(lunch).toBeGreaterThan(2 * night);
    expect(evening).toBeGreaterThan(2 * night);
    // Orders of the first day are well past Pending after two days: each follows its own timeline.
    expect((r.lifecycle.Pending ?? 0) / r.orders).toBeLessThan(0.1);
  });
});

describe('scenario signatures', () => {
  it('flash sale: order rate in the window is >= 10x the rest, and the offers sell out', () => {
    const f = (reports.get('flash-sale') as StatsReport).flash;
    expect(f).not.toBeNull();
    expect(f?.ratio ?? 0).toBeGreaterThanOrEqual(10);
    expect(f?.soldOutDrops ?? 0).toBeGreaterThan(0);
  });

  it('fraud attack: labels present and separable by velocity and shared devices', () => {
    const f = (reports.get('fraud-attack') as StatsReport).fraud;
    expect(f?.labels ?? 0).toBeGreaterThan(20);
    expect(f?.labeledMaxOrdersPerHour ?? 0).toBeGreaterThan(2 * (f?.otherMaxOrdersPerHour ?? 0));
    expect(f?.labeledAccountsPerDevice ?? 0).toBeGreaterThan(3);
    expect(f?.otherAccountsPerDevice ?? 99).toBeLessThan(1.1);
    expect(reports.get('normal-day')?.fraud).toBeNull();
  });

  it('promotion blast: more discount usage and conversion than normal-day with the same seed', () => {
    const promo = reports.get('promotion-blast') as StatsReport;
    const normal = reports.get('normal-day') as StatsReport;
    expect(promo.discountUsage).toBeGreaterThan(normal.discountUsage * 1.5);
    expect(promo.funnel.conversion).toBeGreaterThan(normal.funnel.conversion);
    expect(promo.orders).toBeGreaterThan(normal.orders);
  });
});

describe('determinism', () => {
  it('the same seed and arguments give identical table contents', async () => {
    const again = await freshOltpDatabase('gen_determinism');
    try {
      // The second run writes each tick as one transaction on one connection: the pipelined
      // two-connection writer the first run used must leave exactly the same rows.
      await backfill(again.writer, { scenario: 'normal-day', eventsConnection: false });
      const a = await tableHashes((dbs.get('normal-day') as TestDatabase).writer);
      const b = await tableHashes(again.writer);
      expect(b).toEqual(a);
      expect(Number(a.orders?.split(':')[0])).toBeGreaterThan(0);
    } finally {
      await again.drop();
    }
  });
});
