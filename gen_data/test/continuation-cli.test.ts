import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connect } from '@platform/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../db/test/support/oltp-database.js';
import { tableHashes } from './support.js';

/** The compiled CLI run after run on one database, as the shop is used: the reproductions of issue 10. */

const exec = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const CUSTOMERS = '1000';

function cli(db: TestDatabase) {
  const env = { ...process.env, OLTP_DATABASE: db.name };
  return {
    async run(...args: string[]): Promise<Record<string, unknown>> {
      const { stdout } = await exec(process.execPath, [CLI, 'run', '--customers', CUSTOMERS, ...args], {
        env,
        timeout: 240_000,
      });
      return JSON.parse(stdout.trim().split('\n').pop() as string);
    },
    async fails(...args: string[]): Promise<{ code: number; stderr: string }> {
      try {
        await exec(process.execPath, [CLI, ...args], { env, timeout: 60_000 });
      } catch (error) {
        return error as { code: number; stderr: string };
      }
      throw new Error(`gen-data ${args.join(' ')} unexpectedly succeeded`);
    },
    /** Every invariant's count (`stats` exits 3 when one is violated: its report is still on stdout). */
    async invariants(): Promise<Record<string, number>> {
      const stdout = await exec(process.execPath, [CLI, 'stats', '--json'], { env, timeout: 60_000 }).then(
        (r) => r.stdout,
        (error: { code: number; stdout: string }) => {
          if (error.code !== 3) throw error;
          return error.stdout;
        },
      );
      const report = JSON.parse(stdout) as { invariants: { name: string; violations: number }[] };
      return Object.fromEntries(report.invariants.map((i) => [i.name, i.violations]));
    },
  };
}

async function rows<T>(db: TestDatabase, sql: string): Promise<T[]> {
  const client = await connect(db.reader);
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const allZero = (v: Record<string, number>) => Object.fromEntries(Object.keys(v).map((k) => [k, 0]));

describe('runs one after another on one database', () => {
  let db: TestDatabase;
  const summaries: Record<string, unknown>[] = [];
  let openAfterFirst: { order_id: string; status: string }[];
  let activeAfterFirst: { cart_id: string }[];
  let wishlistAfterFirst: number;

  beforeAll(async () => {
    db = await freshOltpDatabase('gen_runs_one_after_another');
    const gen = cli(db);
    summaries.push(await gen.run('--start', '2025-03-03', '--days', '2'));
    openAfterFirst = await rows(
      db,
      "SELECT order_id, status FROM oltp.orders WHERE status NOT IN ('Completed', 'Cancelled', 'Returned')",
    );
    activeAfterFirst = await rows(db, "SELECT cart_id FROM oltp.cart WHERE status = 'active'");
    wishlistAfterFirst = (await rows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM oltp.wishlist'))[0]?.n ?? 0;
    summaries.push(await gen.run('--start', '2025-03-05', '--days', '1'));
    summaries.push(await gen.run('--start', '2025-03-06', '--days', '1'));
    // Without --start the shop goes on from its clock.
    summaries.push(await gen.run('--days', '1'));
  }, 900_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('every run succeeds and continues where the last one ended (no unique violation)', async () => {
    expect(summaries.map((s) => [s.from, s.to])).toEqual([
      ['2025-03-02T17:00:00.000Z', '2025-03-04T17:00:00.000Z'],
      ['2025-03-04T17:00:00.000Z', '2025-03-05T17:00:00.000Z'],
      ['2025-03-05T17:00:00.000Z', '2025-03-06T17:00:00.000Z'],
      ['2025-03-06T17:00:00.000Z', '2025-03-07T17:00:00.000Z'],
    ]);
    // The later runs went on adding to the same customers' wishlists.
    const [{ n }] = (await rows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM oltp.wishlist')) as [{ n: number }];
    expect(n).toBeGreaterThan(wishlistAfterFirst);
    const violations = await cli(db).invariants();
    expect(violations).toEqual(allZero(violations));
  });

  it('moves on the orders and carts the first run left open, and lets nothing stall', async () => {
    expect(openAfterFirst.length).toBeGreaterThan(30);
    const now = new Map(
      (await rows<{ order_id: string; status: string }>(db, 'SELECT order_id, status FROM oltp.orders')).map((r) => [
        r.order_id,
        r.status,
      ]),
    );
    const moved = openAfterFirst.filter((o) => now.get(o.order_id) !== o.status);
    // Before shipping no status lasts a day (longestStay): every one of those moved on. In transit a
    // parcel may take up to 9 days, so only most of those have.
    const early = ['Pending', 'Confirmed', 'Processing', 'Packed'];
    const stuck = openAfterFirst.filter((o) => early.includes(o.status) && now.get(o.order_id) === o.status);
    expect(openAfterFirst.filter((o) => early.includes(o.status)).length).toBeGreaterThan(5);
    expect(stuck).toEqual([]);
    expect(moved.length / openAfterFirst.length).toBeGreaterThan(0.5);
    const carts = new Map(
      (
        await rows<{ cart_id: string; moved: boolean }>(
          db,
          `SELECT cart_id, status <> 'active' OR last_activity_at > '2025-03-04T17:00Z' AS moved FROM oltp.cart`,
        )
      ).map((r) => [r.cart_id, r.moved]),
    );
    expect(activeAfterFirst.length).toBeGreaterThan(20);
    const closed = activeAfterFirst.filter((c) => carts.get(c.cart_id)).length;
    expect(closed / activeAfterFirst.length).toBeGreaterThan(0.8);
    // The orders of the first day are past their first steps: all shipped or finished.
    const firstDay = await rows<{ status: string }>(
      db,
      `SELECT DISTINCT status FROM oltp.orders WHERE placed_at < '2025-03-03T17:00Z'`,
    );
    expect(firstDay.map((r) => r.status).filter((s) => early.includes(s))).toEqual([]);
    expect((await cli(db).invariants()).processes_progress).toBe(0);
  });

  it('refuses a --start before the shop clock with one line and exit 2, writing nothing', async () => {
    const before = await tableHashes(db.writer);
    const clock = await rows(db, 'SELECT run_id, simulated_until FROM oltp.simulation_run ORDER BY 1');
    const error = await cli(db).fails('run', '--start', '2025-03-03', '--days', '1');
    expect(error.code).toBe(2);
    expect(error.stderr.trim().split('\n')).toEqual([
      "gen-data: --start 2025-03-03T00:00 is before the shop's clock 2025-03-08T00:00 (Asia/Ho_Chi_Minh): a run never rewrites simulated time; leave --start out to continue from the clock",
    ]);
    expect(await tableHashes(db.writer)).toEqual(before);
    expect(await rows(db, 'SELECT run_id, simulated_until FROM oltp.simulation_run ORDER BY 1')).toEqual(clock);
  });
});

describe('live mode continuing a backfilled shop', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await freshOltpDatabase('gen_live_continues');
    await cli(db).run('--start', '2025-03-03', '--days', '1');
  }, 600_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('runs a simulated hour at 60x from the shop clock and keeps every invariant', async () => {
    const gen = cli(db);
    const summary = await gen.run('--speed', '60', '--concurrency', '4', '--until', '2025-03-04T01:00');
    expect(summary).toMatchObject({
      mode: 'live x60',
      from: '2025-03-03T17:00:00.000Z',
      to: '2025-03-03T18:00:00.000Z',
    });
    const [live] = await rows<{ mode: string; simulated_until: Date; n: number }>(
      db,
      `SELECT mode, simulated_until, (SELECT count(*)::int FROM oltp.order_status_history h JOIN oltp.orders o
         USING (order_id) WHERE h.changed_at > '2025-03-03T17:00Z' AND o.placed_at < '2025-03-03T17:00Z') AS n
       FROM oltp.simulation_run ORDER BY run_id DESC LIMIT 1`,
    );
    expect(live?.mode).toBe('live');
    expect(live?.simulated_until.toISOString()).toBe('2025-03-03T18:00:00.000Z');
    // The backfilled orders went on moving in the live hour.
    expect(live?.n).toBeGreaterThan(0);
    const violations = await gen.invariants();
    expect(violations).toEqual(allZero(violations));
  }, 300_000);
});
