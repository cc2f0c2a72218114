import { readFileSync } from 'node:fs';
import { UsageError } from '@platform/config';
import { DAY, HOUR, localMidnight } from '../clock/sim-time.js';
import { scenarioNamed } from './catalog.js';
import type { Scenario, Window } from './scenario.js';

export interface PlannedScenario {
  scenario: Scenario;
  window: Window;
}

/**
 * A plan file composes scenarios on a timeline over normal-day:
 *   { "events": [ { "scenario": "flash-sale", "day": 3, "at": "20:00", "hours": 2 },
 *                 { "scenario": "fraud-attack", "day": 5 } ] }
 * `day` counts business days from --start (1 = the first), `at` is local time (default 00:00),
 * `hours` the length (default 24).
 */
export function parsePlan(text: string, start: number, end: number): PlannedScenario[] {
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
    const at = String(e.at ?? '00:00');
    const hours = Number(e.hours ?? 24);
    const m = /^(\d{1,2}):(\d{2})$/.exec(at);
    if (!Number.isInteger(day) || day < 1 || !m || !(hours > 0)) {
      throw new UsageError(`plan event ${i + 1}: needs day >= 1, at "HH:MM" and hours > 0`);
    }
    const from = localMidnight(start) + (day - 1) * DAY + (Number(m[1]) * 60 + Number(m[2])) * 60_000;
    const window = { from: Math.max(start, from), to: Math.min(end, from + hours * HOUR) };
    if (window.from >= window.to) throw new UsageError(`plan event ${i + 1} (${scenario.name}) falls outside the run`);
    return { scenario, window };
  });
}

export function readPlan(file: string, start: number, end: number): PlannedScenario[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`plan file ${file} cannot be read: ${(error as Error).message}`);
  }
  return parsePlan(text, start, end);
}

export function singleScenario(name: string, start: number, end: number): PlannedScenario[] {
  const scenario = scenarioNamed(name);
  if (scenario.name === 'normal-day') return [];
  return [{ scenario, window: scenario.defaultWindow(start, end) }];
}
