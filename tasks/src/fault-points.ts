import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '@platform/config';

/**
 * Fault injection for the crash tests (docs/ingestion.md, "Failures"): each step stops at named
 * points inside its work when TASKS_FAULT_PAUSE asks it to, says so on stderr, and waits, so a
 * test can `kill -9` it exactly there. Unset (always, outside tests) it costs nothing.
 *
 *   TASKS_FAULT_PAUSE=<point>:<ms>[,<point>:<ms>...]
 */
export const FAULT_POINTS = {
  'capture.after-read': 'change capture read the slot; no data file is written yet',
  'extract.after-upload': 'every data file is uploaded; extract.json is not written yet',
  'load.after-manifest': 'the manifest is written; load.json is not written yet',
  'commit.before-cas': 'the manifest list is written; the catalog is not switched yet',
  'commit.after-cas': 'the catalog is switched; the result is not printed yet',
  'confirm.before-advance': 'every table committed; the slot is not advanced yet',
} as const;

export type FaultPoint = keyof typeof FAULT_POINTS;

export const FAULT_PAUSE_VARIABLE = 'TASKS_FAULT_PAUSE';

/** The pauses TASKS_FAULT_PAUSE asks for, by point; a malformed value is a ConfigError. */
export function parseFaultPauses(text: string | undefined): Map<FaultPoint, number> {
  const pauses = new Map<FaultPoint, number>();
  for (const item of (text ?? '').split(',').filter((s) => s.trim() !== '')) {
    const match = /^\s*([a-z.-]+):(\d+)\s*$/.exec(item);
    const point = match?.[1] as FaultPoint | undefined;
    if (!match || !point || !(point in FAULT_POINTS)) {
      throw new ConfigError(
        `${FAULT_PAUSE_VARIABLE} must be <point>:<ms>[,...] with a point among ${Object.keys(FAULT_POINTS).join(', ')}; got "${item}"`,
      );
    }
    pauses.set(point, Number(match[2]));
  }
  return pauses;
}

/** Pauses at `point` if TASKS_FAULT_PAUSE names it, after one JSON line on stderr: `{"fault_point": ...}`. */
export async function faultPoint(point: FaultPoint, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const ms = parseFaultPauses(env[FAULT_PAUSE_VARIABLE]).get(point);
  if (ms === undefined) return;
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), fault_point: point, pause_ms: ms })}\n`);
  await sleep(ms);
}
