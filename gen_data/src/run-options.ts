import { UsageError } from '@platform/config';
import { DAY, HOUR, MINUTE, parseSimTime } from './clock/sim-time.js';
import type { RunConfig } from './engine.js';
import { StartBeforeClockError } from './errors.js';
import type { ShopClock } from './resume/shop-clock.js';
import { scenarioNamed } from './scenarios/catalog.js';
import { type PlanEvent, placePlan, readPlan, singleScenario } from './scenarios/plan.js';

export interface RawRunOptions {
  scenario?: string;
  plan?: string;
  start?: string;
  days?: string;
  until?: string;
  catchUp?: string;
  speed?: string;
  seed?: string;
  customers?: string;
  traffic?: string;
  concurrency?: string;
  tick?: string;
}

/** Where a backfill of a database that holds no shop yet starts. */
export const DEFAULT_START = parseSimTime('2025-03-03');
/** --catch-up simulates at least this much, so that every run has something new to ingest. */
export const CATCH_UP_AT_LEAST = HOUR;

/** A run as the flags ask for it, before the shop's clock is known. */
export interface RunRequest {
  start: number | undefined;
  length: { days: number } | { until: number } | { catchUpDays: number };
  scenario: { name: string } | { plan: PlanEvent[] };
  seed: string;
  customers: number;
  traffic: number;
  speed: number;
  tickMinutes: number;
  concurrency: number;
  label: string;
}

function positive(name: string, raw: string | undefined, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
    throw new UsageError(`--${name} must be a ${integer ? 'whole ' : ''}number >= 0, got "${raw}"`);
  }
  return v;
}

/** Validates every flag before anything connects, so a bad flag writes nothing. */
export function parseRunOptions(o: RawRunOptions, env: NodeJS.ProcessEnv = process.env): RunRequest {
  const start = o.start === undefined ? undefined : parseSimTime(o.start);
  const lengths = [o.days, o.until, o.catchUp].filter((x) => x !== undefined).length;
  if (lengths > 1) throw new UsageError('give one of --days, --until and --catch-up');
  let length: RunRequest['length'];
  if (o.until !== undefined) length = { until: parseSimTime(o.until) };
  else if (o.catchUp !== undefined) length = { catchUpDays: positive('catch-up', o.catchUp, 1) };
  else length = { days: positive('days', o.days, 1) };
  if (('days' in length && !(length.days > 0)) || ('catchUpDays' in length && !(length.catchUpDays > 0))) {
    throw new UsageError('the run must end after it starts (--days > 0 or --until after --start)');
  }
  if (start !== undefined && 'until' in length && !(length.until > start)) {
    throw new UsageError('the run must end after it starts (--days > 0 or --until after --start)');
  }
  if (o.plan !== undefined && o.scenario !== undefined) throw new UsageError('give --scenario or --plan, not both');
  const scenarioName = o.scenario ?? env.GEN_SCENARIO ?? 'normal-day';
  let scenario: RunRequest['scenario'];
  if (o.plan !== undefined) scenario = { plan: readPlan(o.plan) };
  else {
    scenarioNamed(scenarioName);
    scenario = { name: scenarioName };
  }
  const customers = positive('customers', o.customers, 2000, true);
  if (customers < 1) throw new UsageError('--customers must be at least 1');
  const concurrency = positive('concurrency', o.concurrency, 8, true);
  if (concurrency < 1) throw new UsageError('--concurrency must be at least 1');
  const tick = positive('tick', o.tick, 5);
  if (!(tick >= 1 && tick <= 60)) throw new UsageError('--tick must be between 1 and 60 minutes');
  return {
    start,
    length,
    scenario,
    seed: o.seed ?? '42',
    customers,
    traffic: positive('traffic', o.traffic, 1),
    speed: positive('speed', o.speed, 0),
    tickMinutes: tick,
    concurrency,
    label: o.plan !== undefined ? `plan ${o.plan}` : scenarioName,
  };
}

/**
 * The run the request means for this shop. It starts at the shop's clock unless --start says
 * otherwise, and never before it; a database without a shop starts at 2025-03-03 (backfill) or
 * now, to the minute (live). --catch-up simulates the real time since the last run's last tick,
 * at least an hour and at most the days given (all of them for a new shop).
 */
export function resolveRun(request: RunRequest, shop: ShopClock, wallNow: number): RunConfig & { concurrency: number } {
  const start =
    request.start ?? shop.clock ?? (request.speed > 0 ? Math.floor(wallNow / MINUTE) * MINUTE : DEFAULT_START);
  if (shop.clock !== undefined && start < shop.clock) throw new StartBeforeClockError(start, shop.clock);
  const length = request.length;
  let end: number;
  if ('until' in length) end = length.until;
  else if ('days' in length) end = start + length.days * DAY;
  else {
    const most = length.catchUpDays * DAY;
    const away = shop.lastWallTime === undefined ? most : wallNow - shop.lastWallTime;
    end = start + Math.max(Math.min(CATCH_UP_AT_LEAST, most), Math.min(most, away));
  }
  if (!(end > start)) throw new UsageError('the run must end after it starts (--days > 0 or --until after --start)');
  return {
    start,
    end,
    seed: request.seed,
    customers: request.customers,
    traffic: request.traffic,
    speed: request.speed,
    tickMinutes: request.tickMinutes,
    plan:
      'plan' in request.scenario
        ? placePlan(request.scenario.plan, start, end)
        : singleScenario(request.scenario.name, start, end),
    label: request.label,
    concurrency: request.concurrency,
  };
}
