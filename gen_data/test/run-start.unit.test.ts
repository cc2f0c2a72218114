import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, parseSimTime } from '../src/clock/sim-time.js';
import { StartBeforeClockError } from '../src/errors.js';
import { drawGiven } from '../src/random/draw-given.js';
import { Rng } from '../src/random/prng.js';
import { CATCH_UP_AT_LEAST, DEFAULT_START, parseRunOptions, resolveRun } from '../src/run-options.js';

const empty = { clock: undefined, seed: undefined, lastWallTime: undefined };
const clock = parseSimTime('2025-03-07T09:30');
const shop = { clock, seed: '42', lastWallTime: Date.parse('2026-01-01T00:00:00Z') };
const wallNow = Date.parse('2026-01-01T06:00:30Z');
const request = (flags: Record<string, string> = {}) => parseRunOptions(flags, {});

describe('where a run starts and ends', () => {
  it('a new shop starts on 2025-03-03 (backfill) or now, to the minute (live)', () => {
    expect(resolveRun(request(), empty, wallNow)).toMatchObject({ start: DEFAULT_START, end: DEFAULT_START + DAY });
    const live = resolveRun(request({ speed: '1' }), empty, wallNow);
    expect(live.start).toBe(Date.parse('2026-01-01T06:00:00Z'));
  });

  it('a shop with a clock continues from it, live or not, and refuses a --start before it', () => {
    expect(resolveRun(request(), shop, wallNow).start).toBe(clock);
    expect(resolveRun(request({ speed: '60' }), shop, wallNow).start).toBe(clock);
    expect(resolveRun(request({ start: '2025-03-08' }), shop, wallNow).start).toBe(parseSimTime('2025-03-08'));
    expect(() => resolveRun(request({ start: '2025-03-07' }), shop, wallNow)).toThrow(StartBeforeClockError);
    expect(() => resolveRun(request({ start: '2025-03-07' }), shop, wallNow)).toThrow(
      "--start 2025-03-07T00:00 is before the shop's clock 2025-03-07T09:30 (Asia/Ho_Chi_Minh)",
    );
    expect(() => resolveRun(request({ until: '2025-03-07T09:00' }), shop, wallNow)).toThrow(/must end after it starts/);
  });

  it('--catch-up simulates the real time since the last run, at least an hour and at most the days given', () => {
    const catchUp = (days: string, lastWallTime: number | undefined) =>
      resolveRun(request({ catchUp: days }), { ...shop, lastWallTime }, wallNow);
    const r = catchUp('2', wallNow - 6 * HOUR);
    expect(r.end - r.start).toBe(6 * HOUR);
    expect(catchUp('2', wallNow - 5 * MINUTE).end - clock).toBe(CATCH_UP_AT_LEAST);
    expect(catchUp('2', wallNow - 30 * DAY).end - clock).toBe(2 * DAY);
    // A new shop (no run recorded): the whole bound.
    expect(catchUp('2', undefined).end - clock).toBe(2 * DAY);
    expect(() => request({ catchUp: '1', days: '1' })).toThrow(/one of --days, --until and --catch-up/);
  });

  it("places a plan's days from the resolved start: the shop's clock", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plan-')), 'plan.json');
    writeFileSync(file, JSON.stringify({ events: [{ scenario: 'flash-sale', day: 1, at: '20:00', hours: 2 }] }));
    const [event] = resolveRun(request({ plan: file }), shop, wallNow).plan;
    expect(event?.window).toEqual({ from: parseSimTime('2025-03-07T20:00'), to: parseSimTime('2025-03-07T22:00') });
  });
});

describe('drawing given the past', () => {
  it('keeps only draws that agree with the observation, so they follow the conditional distribution', () => {
    const rng = new Rng('given');
    const draws = Array.from(
      { length: 2000 },
      () =>
        drawGiven(
          () => rng.between(0, 10),
          (x) => x >= 6,
        ) as number,
    );
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(6);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(7.8);
    expect(mean).toBeLessThan(8.2);
    expect(
      drawGiven(
        () => rng.between(0, 10),
        (x) => x > 10,
      ),
    ).toBeUndefined();
  });
});
