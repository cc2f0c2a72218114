import type { PostgresLogin } from '@platform/config';
import { connect } from '@platform/db';
import { DAY, iso, parseSimTime } from '../src/clock/sim-time.js';
import { type RunConfig, type RunSummary, runSimulation } from '../src/engine.js';
import { checkInvariants } from '../src/report/invariants.js';
import { type StatsReport, statsReport } from '../src/report/stats.js';
import { readShopClock } from '../src/resume/shop-clock.js';
import { parseRunOptions, resolveRun } from '../src/run-options.js';
import { type PlanEvent, singleScenario } from '../src/scenarios/plan.js';
import { BackfillWriter } from '../src/sink/backfill-writer.js';

export const START = parseSimTime('2025-03-05');

export interface SmallRun {
  scenario?: string;
  days?: number;
  customers?: number;
  seed?: string;
  /** Write the clickstream on a second connection, as the CLI does (default), or in the tick's one transaction. */
  eventsConnection?: boolean;
}

/** A small backfill, sized so a whole test file stays well under a minute on two cores. */
export async function backfill(login: PostgresLogin, run: SmallRun = {}): Promise<RunSummary> {
  const end = START + (run.days ?? 2) * DAY;
  const client = await connect(login, 'gen_data test');
  const events = run.eventsConnection === false ? undefined : await connect(login, 'gen_data test events');
  try {
    return await runSimulation(client, new BackfillWriter(client, events), {
      start: START,
      end,
      seed: run.seed ?? 'test-seed',
      customers: run.customers ?? 2000,
      traffic: 1,
      tickMinutes: 5,
      speed: 0,
      plan: singleScenario(run.scenario ?? 'normal-day', START, end),
      label: run.scenario ?? 'normal-day',
    });
  } finally {
    await events?.end();
    await client.end();
  }
}

export interface ShopRun {
  /** A scenario for the whole run, or a plan file's events. */
  scenario?: string;
  plan?: PlanEvent[];
  days: number;
  customers: number;
  seed: string;
}

/**
 * One run as the CLI makes it on a shop that may hold data: it starts at the shop's clock (a new
 * shop: on START), and writes the clickstream on a second connection.
 */
export async function continueShop(login: PostgresLogin, run: ShopRun): Promise<RunConfig> {
  const client = await connect(login, 'gen_data test');
  const events = await connect(login, 'gen_data test events');
  try {
    const shop = await readShopClock(client);
    const request = parseRunOptions({ days: String(run.days), customers: String(run.customers), seed: run.seed }, {});
    const config = resolveRun(
      {
        ...request,
        start: shop.clock === undefined ? START : undefined,
        scenario: run.plan ? { plan: run.plan } : { name: run.scenario ?? 'normal-day' },
      },
      shop,
      Date.now(),
    );
    await runSimulation(client, new BackfillWriter(client, events), config);
    return config;
  } finally {
    await events.end();
    await client.end();
  }
}

/** The realism report of a database, as `gen-data stats` computes it. */
export async function statsOf(login: PostgresLogin): Promise<StatsReport> {
  const client = await connect(login, 'gen_data test');
  try {
    return await statsReport(client);
  } finally {
    await client.end();
  }
}

export async function invariantViolations(login: PostgresLogin, days = 2): Promise<Record<string, number>> {
  const client = await connect(login, 'gen_data test');
  try {
    const results = await checkInvariants(client, { from: iso(START), to: iso(START + days * DAY) });
    return Object.fromEntries(results.map((r) => [r.name, r.violations]));
  } finally {
    await client.end();
  }
}

export const TRANSACTIONAL_TABLES = [
  'customers',
  'wishlist',
  'customer_activity_log',
  'discount',
  'cart',
  'cart_items',
  'orders',
  'order_items',
  'order_status_history',
  'payment',
  'shipment',
  'order_return',
  'product_review',
  'inventory',
  'inventory_lot',
  'purchase_order',
  'purchase_order_item',
  'inventory_log',
  'stock_alert',
  'fraud_label',
];

/** md5 of each table's full contents in a canonical order. */
export async function tableHashes(login: PostgresLogin): Promise<Record<string, string>> {
  const client = await connect(login, 'gen_data test');
  try {
    const out: Record<string, string> = {};
    for (const t of TRANSACTIONAL_TABLES) {
      const { rows } = await client.query(
        `SELECT count(*) AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM oltp.${t} x`,
      );
      out[t] = `${rows[0].n}:${rows[0].h}`;
    }
    return out;
  } finally {
    await client.end();
  }
}
