import { UsageError } from '@platform/config';
import { DAY, parseSimTime } from './clock/sim-time.js';
import type { RunConfig } from './engine.js';
import { scenarioNamed } from './scenarios/catalog.js';
import { type PlannedScenario, readPlan, singleScenario } from './scenarios/plan.js';

export interface RawRunOptions {
  scenario?: string;
  plan?: string;
  start?: string;
  days?: string;
  until?: string;
  speed?: string;
  seed?: string;
  customers?: string;
  traffic?: string;
  concurrency?: string;
  tick?: string;
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
export function parseRunOptions(
  o: RawRunOptions,
  env: NodeJS.ProcessEnv = process.env,
): RunConfig & { concurrency: number; scenarioLabel: string } {
  const start = parseSimTime(o.start ?? '2025-03-03');
  if (o.days !== undefined && o.until !== undefined) throw new UsageError('give --days or --until, not both');
  const days = positive('days', o.days, 1);
  const end = o.until !== undefined ? parseSimTime(o.until) : start + days * DAY;
  if (!(end > start)) throw new UsageError('the run must end after it starts (--days > 0 or --until after --start)');
  if (o.plan !== undefined && o.scenario !== undefined) throw new UsageError('give --scenario or --plan, not both');
  const scenarioName = o.scenario ?? env.GEN_SCENARIO ?? 'normal-day';
  let plan: PlannedScenario[];
  if (o.plan !== undefined) plan = readPlan(o.plan, start, end);
  else {
    scenarioNamed(scenarioName);
    plan = singleScenario(scenarioName, start, end);
  }
  const customers = positive('customers', o.customers, 2000, true);
  if (customers < 1) throw new UsageError('--customers must be at least 1');
  const concurrency = positive('concurrency', o.concurrency, 8, true);
  if (concurrency < 1) throw new UsageError('--concurrency must be at least 1');
  const tick = positive('tick', o.tick, 5);
  if (!(tick >= 1 && tick <= 60)) throw new UsageError('--tick must be between 1 and 60 minutes');
  return {
    start,
    end,
    seed: o.seed ?? '42',
    customers,
    traffic: positive('traffic', o.traffic, 1),
    speed: positive('speed', o.speed, 0),
    tickMinutes: tick,
    plan,
    concurrency,
    scenarioLabel: o.plan !== undefined ? `plan ${o.plan}` : scenarioName,
  };
}
