import type pg from 'pg';
import { DAY, iso, MINUTE } from './clock/sim-time.js';
import { trafficFactor } from './clock/traffic-curve.js';
import { StartBeforeClockError } from './errors.js';
import { MAX_SESSION_RATE, registerCustomer, SESSION_RATE } from './flows/customers.js';
import { openStock, replenish } from './flows/replenishment.js';
import { runSession } from './flows/session.js';
import { Ids } from './model/ids.js';
import { loadReference } from './model/reference.js';
import { NORMAL_EFFECTS, World } from './model/world.js';
import { Rng } from './random/prng.js';
import { type Resumed, resumeShop } from './resume/resume-shop.js';
import { readShopClock } from './resume/shop-clock.js';
import { Batch, CLOCK_LANE } from './rows/batch.js';
import { standingVouchers } from './scenarios/normal-day.js';
import type { PlannedScenario } from './scenarios/plan.js';
import type { PrepareContext } from './scenarios/scenario.js';
import type { Sink } from './sink/sink.js';

export interface RunConfig {
  start: number;
  end: number;
  seed: string;
  customers: number;
  traffic: number;
  tickMinutes: number;
  plan: PlannedScenario[];
  /** 0 = backfill as fast as possible; N = N x real time. */
  speed: number;
  /** What the run simulates, as recorded with it (a scenario name or the plan file). */
  label: string;
}

export interface Progress {
  simTime: number;
  rows: number;
  orders: number;
  sessions: number;
  rowsByTable: Map<string, number>;
}

export interface RunSummary extends Progress {
  seconds: number;
  /** Wall time from the run's start until its first tick could begin: reading and resuming the shop. */
  resumeSeconds: number;
  resumed: Resumed;
  stockOuts: number;
  customers: number;
}

/** New shoppers per existing customer per day on an ordinary day. */
const ACQUISITION_PER_DAY = 0.01;

/**
 * The simulation loop: per tick, draw arrivals from the daily curve and the scenarios, run every
 * event due before the tick's end in time order, settle stock alerts and reorders, and hand the
 * tick's rows to the sink (one transaction in backfill; one per action in live mode).
 */
export async function runSimulation(
  client: pg.ClientBase,
  sink: Sink,
  config: RunConfig,
  onTick?: (p: Progress) => void,
  wallClock: () => number = () => performance.now(),
): Promise<RunSummary> {
  const began = wallClock();
  const shop = await readShopClock(client);
  if (shop.clock !== undefined && config.start < shop.clock) throw new StartBeforeClockError(config.start, shop.clock);
  // Each run draws its own stream (the seed and where it starts): a continuing shop does not replay
  // the same day again. The catalogue's traits come from the shop's first seed and stay.
  const rng = new Rng(`${config.seed}@${iso(config.start)}`);
  const ref = await loadReference(client);
  const ids = await Ids.load(client);
  const catalog = new Rng(`${shop.seed ?? config.seed}:catalog`);
  const w = new World(ref, rng.fork('world'), catalog, ids, { start: config.start, end: config.end });
  w.now = config.start;
  const resumed = await resumeShop(client, w);
  const runId = w.take('simulation_run');
  const mode = config.speed > 0 ? 'live' : 'backfill';
  w.emit('runStart', 0, [runId, config.seed, config.label, mode, iso(config.start), iso(config.start)]);

  standingVouchers(w, config.start, config.end);
  const target = config.customers - w.customers.length;
  for (let i = 0; i < target; i++) registerCustomer(w, config.start);

  const ctx: PrepareContext = { customers: config.customers };
  for (const p of config.plan) p.scenario.prepare?.(w, p.window, ctx);
  const ordersPerDay = config.customers * 0.05 * config.traffic;
  const totalWeight = w.popularity.items.length;
  const expected = new Map<number, number>();
  // Expected daily units per product follow its Zipf weight (rank r gets 1/r^1.05 of the mass).
  let norm = 0;
  for (let r = 1; r <= totalWeight; r++) norm += 1 / r ** 1.05;
  for (const [i, p] of w.rankedProducts.entries()) expected.set(p.id, (ordersPerDay * 1.3) / ((i + 1) ** 1.05 * norm));
  openStock(w, expected);
  for (const p of config.plan) if (p.scenario.begin) w.at(p.window.from, () => p.scenario.begin?.(w, p.window));

  const resumeSeconds = (wallClock() - began) / 1000;
  const rowsByTable = new Map<string, number>();
  let rows = 0;
  // The opening state (customers, vouchers, stock) commits first, at the start instant: the cart
  // checkout rule of the first tick reads that stock from the database.
  w.touched.clear();
  const opening = w.batch;
  w.batch = new Batch();
  await sink.flush(config.start, opening);
  for (const [op, list] of opening.rows) rowsByTable.set(op, list.length);
  rows += opening.count;
  const tick = config.tickMinutes * MINUTE;
  for (let t0 = config.start; t0 < config.end; t0 += tick) {
    const t1 = Math.min(config.end, t0 + tick);
    let effects = NORMAL_EFFECTS;
    for (const p of config.plan)
      if (t0 >= p.window.from && t0 < p.window.to) effects = p.scenario.effects(effects, w, t0);
    w.effects = effects;

    const tickDays = (t1 - t0) / DAY;
    const curve = trafficFactor(t0) * config.traffic;
    const lambda = w.customers.length * 1.05 * curve * effects.traffic * tickDays;
    const sessions = rng.poisson(lambda);
    for (let i = 0; i < sessions; i++) {
      const at = t0 + Math.floor(rng.next() * (t1 - t0));
      // Rejection sampling by persona activity: O(1) per draw however many customers there are.
      let customer = rng.pick(w.customers);
      for (let k = 0; k < 20 && !rng.chance(SESSION_RATE[customer.persona] / MAX_SESSION_RATE); k++) {
        customer = rng.pick(w.customers);
      }
      if (customer.persona === 'fraudster') continue;
      const chosen = customer;
      w.at(at, () => runSession(w, chosen, w.now, t1));
    }
    const newcomers = rng.poisson(config.customers * ACQUISITION_PER_DAY * curve * effects.newCustomers * tickDays);
    for (let i = 0; i < newcomers; i++) {
      const at = t0 + Math.floor(rng.next() * (t1 - t0));
      w.at(at, () => {
        const social = w.effects.scenario === 'promotion-blast' ? 2 : 1;
        runSession(w, registerCustomer(w, w.now, { socialBoost: social }), w.now, t1);
      });
    }

    for (let next = w.queue.peekTime(); next < t1; next = w.queue.peekTime()) {
      const event = w.queue.pop();
      if (!event) break;
      w.now = event.at;
      event.item();
    }
    w.now = t1;
    replenish(w, t1);
    w.emit('runClock', CLOCK_LANE, [runId, iso(t1)]);
    const touchedProducts = new Set<number>();
    for (const cell of w.touched) touchedProducts.add(cell.productId);
    w.touched.clear();

    const batch = w.batch;
    w.batch = new Batch();
    await sink.flush(t1, batch);
    for (const [op, list] of batch.rows) rowsByTable.set(op, (rowsByTable.get(op) ?? 0) + list.length);
    rows += batch.count;
    for (const productId of touchedProducts) {
      w.committedStock.set(
        productId,
        (w.stock.get(productId) ?? []).reduce((s, c) => s + (c?.quantity ?? 0), 0),
      );
    }
    onTick?.({ simTime: t1, rows, orders: w.counters.orders, sessions: w.counters.sessions, rowsByTable });
    if (config.speed > 0) {
      const due = began + (t1 - config.start) / config.speed;
      const wait = due - wallClock();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  await sink.close();
  return {
    simTime: config.end,
    rows,
    orders: w.counters.orders,
    sessions: w.counters.sessions,
    rowsByTable,
    seconds: (wallClock() - began) / 1000,
    resumeSeconds,
    resumed,
    stockOuts: w.counters.stockOuts,
    customers: w.customers.length,
  };
}
