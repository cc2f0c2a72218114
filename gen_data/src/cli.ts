#!/usr/bin/env node
import { CheckFailedError, loadSettings, postgresLogin, runCli } from '@platform/config';
import { connect } from '@platform/db';
import { Command } from 'commander';
import type pg from 'pg';
import { iso } from './clock/sim-time.js';
import { type Progress, runSimulation } from './engine.js';
import { ShopBusyError } from './errors.js';
import { limitHeapGrowth } from './heap-growth.js';
import { formatStats, statsReport } from './report/stats.js';
import { readShopClock } from './resume/shop-clock.js';
import { parseRunOptions, type RawRunOptions, resolveRun } from './run-options.js';
import { SCENARIOS } from './scenarios/catalog.js';
import { BackfillWriter } from './sink/backfill-writer.js';
import { LiveWriter } from './sink/live-writer.js';

function writerLogin() {
  const settings = loadSettings();
  return postgresLogin(settings, 'oltpWriter', settings.postgres.databases.oltp);
}

function reporter(tty: boolean, started: number): (p: Progress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (now - last < (tty ? 200 : 5000)) return;
    last = now;
    const rate = Math.round(p.rows / Math.max(0.001, (now - started) / 1000));
    if (tty) {
      process.stderr.write(
        `\r${iso(p.simTime).slice(0, 16)}Z  rows ${p.rows}  ${rate} rows/s  orders ${p.orders}  sessions ${p.sessions}   `,
      );
    } else {
      process.stderr.write(
        `${JSON.stringify({ sim_time: iso(p.simTime), rows: p.rows, rows_per_s: rate, orders: p.orders })}\n`,
      );
    }
  };
}

const program = new Command('gen-data').description('Omni-channel e-commerce simulator for the oltp schema');

program
  .command('run')
  .description('simulate and write: backfill (--speed 0) or live (--speed 1 = real time, N = N x)')
  .option('--scenario <name>', `one of ${Object.keys(SCENARIOS).join(', ')} (default normal-day, or $GEN_SCENARIO)`)
  .option('--plan <file>', 'JSON timeline composing scenarios (see docs/gen-data.md)')
  .option(
    '--start <date>',
    "YYYY-MM-DD or YYYY-MM-DDTHH:MM, Asia/Ho_Chi_Minh (default: the shop's clock; a new shop: 2025-03-03, live: now)",
  )
  .option('--days <n>', 'simulated days (default 1)')
  .option('--until <date>', 'end instead of --days')
  .option('--catch-up <max-days>', 'simulate the real time since the last run (at least 1 hour, at most max-days)')
  .option('--speed <x>', '0 = backfill as fast as possible, 1 = real time, N = N x real time', '0')
  .option('--seed <seed>', 'PRNG seed: the same seed and flags give the same rows', '42')
  .option('--customers <n>', 'customer population at the start', '2000')
  .option('--traffic <x>', 'traffic multiplier', '1')
  .option('--concurrency <n>', 'live mode: connections / concurrent sessions', '8')
  .option('--tick <minutes>', 'simulated minutes per write (default 5)', '5')
  .option('--if-empty', 'do nothing when the database already holds orders (a first backfill that reruns safely)')
  .action(async (raw: RawRunOptions & { ifEmpty?: boolean }) => {
    const request = parseRunOptions(raw);
    const login = writerLogin();
    const client = await connect(login, 'gen_data');
    let events: pg.Client | undefined;
    const started = performance.now();
    try {
      // One simulator per shop: a second run would take the same ids.
      const { rows: lock } = await client.query("SELECT pg_try_advisory_lock(hashtext('gen_data run')) AS mine");
      if (!lock[0].mine) throw new ShopBusyError(login.database);
      if (raw.ifEmpty) {
        const { rows } = await client.query('SELECT EXISTS (SELECT 1 FROM oltp.orders) AS has_orders');
        if (rows[0].has_orders) {
          process.stdout.write(`${JSON.stringify({ skipped: true, reason: 'the database already holds orders' })}\n`);
          return;
        }
      }
      // The wall clock decides only where a new live shop starts and how long a catch-up is.
      const config = resolveRun(request, await readShopClock(client), Date.now());
      limitHeapGrowth();
      // Backfill writes the clickstream on a second connection, in parallel with the next tick.
      events = config.speed > 0 ? undefined : await connect(login, 'gen_data events');
      const sink =
        events === undefined ? new LiveWriter(login, config.concurrency) : new BackfillWriter(client, events);
      const summary = await runSimulation(client, sink, config, reporter(Boolean(process.stderr.isTTY), started));
      if (process.stderr.isTTY) process.stderr.write('\n');
      const tables = Object.fromEntries([...summary.rowsByTable].sort());
      process.stdout.write(
        `${JSON.stringify({
          scenario: config.label,
          mode: config.speed > 0 ? `live x${config.speed}` : 'backfill',
          from: iso(config.start),
          to: iso(config.end),
          seconds: Number(summary.seconds.toFixed(2)),
          resume_seconds: Number(summary.resumeSeconds.toFixed(2)),
          resumed: summary.resumed,
          rows: summary.rows,
          rows_per_s: Math.round(summary.rows / summary.seconds),
          orders: summary.orders,
          orders_per_s: Math.round(summary.orders / summary.seconds),
          sessions: summary.sessions,
          stock_outs: summary.stockOuts,
          customers: summary.customers,
          rows_by_operation: tables,
        })}\n`,
      );
    } finally {
      await events?.end();
      await client.end();
    }
  });

program
  .command('scenarios')
  .description('list the scenarios')
  .action(() => {
    for (const s of Object.values(SCENARIOS)) process.stdout.write(`${s.name.padEnd(16)} ${s.description}\n`);
  });

program
  .command('stats')
  .description(
    'realism report from the database: funnel, abandonment, cancellations, returns, channels, hours, invariants',
  )
  .option('--json', 'machine-readable output')
  .action(async (options: { json?: boolean }) => {
    const client = await connect(writerLogin(), 'gen_data stats');
    try {
      const report = await statsReport(client);
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatStats(report));
      const violated = report.invariants.filter((i) => i.violations > 0);
      if (violated.length > 0) {
        throw new CheckFailedError(`invariants violated: ${violated.map((i) => i.name).join(', ')}`);
      }
    } finally {
      await client.end();
    }
  });

await runCli(program);
