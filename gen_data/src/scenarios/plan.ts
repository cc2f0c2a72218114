import { readFileSync } from 'node:fs';
import { UsageError } from '@platform/config';
import { DAY, HOUR, localMidnight } from '../clock/sim-time.js';
import { scenarioNamed } from './catalog.js';
import type { Scenario, Window } from './scenario.js';

export interface PlannedScenario {
  scenario: Scenario;
  window: Window;
}

/** A plan event as the file gives it: a scenario on a business day of the run. */
export interface PlanEvent {
  scenario: Scenario;
  /** Business days from the start (1 = the first). */
  day: number;
  /** Minutes after local midnight. */
  at: number;
  hours: number;
}

/**
 * A plan file composes scenarios on a timeline over normal-day:
 *   { "events": [ { "scenario": "flash-sale", "day": 3, "at": "20:00", "hours": 2 },
 *                 { "scenario": "fraud-attack", "day": 5 } ] }
 * `day` counts business days from --start (1 = the first), `at` is local time (default 00:00),
 * `hours` the length (default 24).
 */
export function parsePlan(text: string): PlanEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`plan is not JSON: ${(error as Error).message}`);
  }
  const events = (json as { events?: unknown }).events;
  if (!Array.isArray(events)) throw new UsageError('plan needs an "events" array');
  return events.map((e: Record<string, unknown>, i) => {
    const scenario = scenarioNamed(String(e.scenario));
    const day = Number(e.day ?? 1);
    const hours = Number(e.hours ?? 24);
    const m = /^(\d{1,2}):(\d{2})$/.exec(String(e.at ?? '00:00'));
    if (!Number.isInteger(day) || day < 1 || !m || !(hours > 0)) {
      throw new UsageError(`plan event ${i + 1}: needs day >= 1, at "HH:MM" and hours > 0`);
    }
    return { scenario, day, at: Number(m[1]) * 60 + Number(m[2]), hours };
  });
}

/** The plan's events as windows of the run; an event outside the run is refused. */
export function placePlan(events: readonly PlanEvent[], start: number, end: number): PlannedScenario[] {
  return events.map((e, i) => {
    const from = localMidnight(start) + (e.day - 1) * DAY + e.at * 60_000;
    const window = { from: Math.max(start, from), to: Math.min(end, from + e.hours * HOUR) };
    if (window.from >= window.to)
      throw new UsageError(`plan event ${i + 1} (${e.scenario.name}) falls outside the run`);
    return { scenario: e.scenario, window };
  });
}

export function readPlan(file: string): PlanEvent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`plan file ${file} cannot be read: ${(error as Error).message}`);
  }
  return parsePlan(text);
}

export function singleScenario(name: string, start: number, end: number): PlannedScenario[] {
  const scenario = scenarioNamed(name);
  if (scenario.name === 'normal-day') return [];
  return [{ scenario, window: scenario.defaultWindow(start, end) }];
}
