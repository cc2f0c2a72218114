import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connect } from '@platform/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../db/test/support/oltp-database.js';

/** The compiled CLI as people and the container run it, against a database of its own. */

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let db: TestDatabase;
let env: NodeJS.ProcessEnv;

async function genData(...args: string[]) {
  return run(process.execPath, [CLI, ...args], { env, timeout: 120_000 });
}

async function failure(args: string[], extra: NodeJS.ProcessEnv = {}) {
  try {
    await run(process.execPath, [CLI, ...args], { env: { ...env, ...extra }, timeout: 60_000 });
  } catch (error) {
    return error as { code: number; stderr: string };
  }
  throw new Error(`gen-data ${args.join(' ')} unexpectedly succeeded`);
}

async function counts(): Promise<{ customers: number; orders: number; activity: number }> {
  const client = await connect(db.reader);
  try {
    const { rows } = await client.query(`SELECT (SELECT count(*)::int FROM oltp.customers) AS customers,
      (SELECT count(*)::int FROM oltp.orders) AS orders, (SELECT count(*)::int FROM oltp.customer_activity_log) AS activity`);
    return rows[0];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await freshOltpDatabase('gen_data_cli');
  env = { ...process.env, OLTP_DATABASE: db.name };
});

afterAll(async () => {
  await db?.drop();
});

describe('gen-data CLI', () => {
  it('refuses bad flags, dates, scenarios and an unreachable database with one line, writing nothing', async () => {
    // Exit codes from the one table (docs/cli.md): 2 bad input, 1 failed.
    const cases: [string[], NodeJS.ProcessEnv, RegExp, number][] = [
      [['run', '--bogus'], {}, /unknown option '--bogus'/, 2],
      [['run', '--start', '2025-13-40'], {}, /^gen-data: .*2025-13-40/, 2],
      [['run', '--scenario', 'black-friday'], {}, /^gen-data: .*black-friday/, 2],
      [['run', '--days', '0'], {}, /^gen-data: the run must end after it starts/, 2],
      [
        ['run', '--plan', '/nonexistent/plan.json'],
        {},
        /^gen-data: plan file \/nonexistent\/plan.json cannot be read/,
        2,
      ],
      [['run', '--days', '1'], { PG_PORT: '1' }, /^gen-data: .*(ECONNREFUSED|connect)/, 1],
    ];
    for (const [args, extra, message, code] of cases) {
      const error = await failure(args, extra);
      expect(error.code, args.join(' ')).toBe(code);
      expect(error.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(error.stderr, args.join(' ')).toMatch(message);
    }
    expect(await counts()).toEqual({ customers: 0, orders: 0, activity: 0 });
  });

  it('refuses to run while another run writes the same database (exit 1, nothing written)', async () => {
    const before = await counts();
    const other = await connect(db.writer, 'the other run');
    try {
      await other.query("SELECT pg_advisory_lock(hashtext('gen_data run'))");
      const error = await failure(['run', '--days', '1', '--customers', '50']);
      expect(error.code).toBe(1);
      expect(error.stderr.trim().split('\n')).toEqual([
        `gen-data: another gen_data run is writing database ${db.name}: wait for it to end`,
      ]);
    } finally {
      await other.end();
    }
    expect(await counts()).toEqual(before);
  });

  it('lists the four scenarios', async () => {
    const { stdout } = await genData('scenarios');
    for (const name of ['normal-day', 'flash-sale', 'fraud-attack', 'promotion-blast']) expect(stdout).toContain(name);
  });

  it('composes scenarios from a plan file and keeps every invariant', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify({ events: [{ scenario: 'flash-sale', day: 1, at: '20:00', hours: 2 }] }));
    const { stdout } = await genData(
      'run',
      '--plan',
      plan,
      '--start',
      '2025-03-10',
      '--days',
      '1',
      '--customers',
      '300',
    );
    const summary = JSON.parse(stdout.trim().split('\n').pop() as string);
    expect(summary).toMatchObject({ mode: 'backfill' });
    expect(summary.orders).toBeGreaterThan(0);
    const stats = await genData('stats', '--json');
    const report = JSON.parse(stats.stdout) as { invariants: { name: string; violations: number }[] };
    expect(report.invariants.filter((i) => i.violations > 0)).toEqual([]);
    expect(report.invariants.length).toBeGreaterThanOrEqual(10);
  });

  it('runs live, paced by the clock, with concurrent sessions, and keeps every invariant', async () => {
    const before = await counts();
    const started = Date.now();
    // One simulated lunch hour at 3600x: about one second of wall time.
    const { stdout } = await genData(
      'run',
      '--speed',
      '3600',
      '--concurrency',
      '4',
      '--start',
      '2025-03-11T11:00',
      '--until',
      '2025-03-11T12:00',
    );
    const seconds = (Date.now() - started) / 1000;
    const summary = JSON.parse(stdout.trim().split('\n').pop() as string);
    expect(summary.mode).toBe('live x3600');
    expect(seconds).toBeGreaterThanOrEqual(0.9);
    const after = await counts();
    expect(after.activity).toBeGreaterThan(before.activity);
    const stats = await genData('stats', '--json');
    const report = JSON.parse(stats.stdout) as { invariants: { name: string; violations: number }[] };
    expect(report.invariants.filter((i) => i.violations > 0)).toEqual([]);
  });
});
