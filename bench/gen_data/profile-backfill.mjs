// Where a backfill's time goes: one backfill into a fresh database, with the CPU seconds of each
// PostgreSQL backend (/proc/<pid>/stat; the dev stack runs on this machine) and of this process,
// the WAL it wrote, its peak RSS and, under `node --expose-gc`, the live heap at the last tick.
//   npx tsc -b && node runtime/dist/cli.js up && eval "$(node runtime/dist/cli.js env)"
//   node --expose-gc bench/gen_data/profile-backfill.mjs [customers] [days]
// Environment: CONNECTIONS=1|2 (default 2, as the CLI), TICK=<minutes> (default 5),
// HEAP_GROWTH=<percent>|off (default 50, as the CLI). Writes only into gen_data_profile.

import { readFileSync } from 'node:fs';
import { connect } from '@platform/db';
import { BackfillWriter, limitHeapGrowth, runSimulation } from '@platform/gen-data';
import { freshDatabase } from './fresh-database.mjs';

const customers = Number(process.argv[2] ?? 20000);
const days = Number(process.argv[3] ?? 7);
const connections = Number(process.env.CONNECTIONS ?? 2);
const tickMinutes = Number(process.env.TICK ?? 5);
const growth = process.env.HEAP_GROWTH ?? '50';
if (growth !== 'off') limitHeapGrowth(Number(growth));

const start = Date.parse('2025-03-02T17:00:00Z'); // 2025-03-03 00:00 Asia/Ho_Chi_Minh
const end = start + days * 86_400_000;
const db = await freshDatabase('gen_data_profile');
const main = await connect(db.writer, 'gen_data profile');
const events = connections === 2 ? await connect(db.writer, 'gen_data profile events') : undefined;
const superuser = await connect(db.superuser, 'gen_data profile wal');

const pidOf = async (c) => (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
const pids = [await pidOf(main), ...(events ? [await pidOf(events)] : [])];
const cpuOf = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 10 ms
};
const walLsn = async () => (await superuser.query('SELECT pg_current_wal_lsn() AS l')).rows[0].l;

let liveHeapMb;
const backends0 = pids.map(cpuOf);
const node0 = process.cpuUsage();
const wal0 = await walLsn();
const t0 = performance.now();
const summary = await runSimulation(
  main,
  new BackfillWriter(main, events),
  { start, end, seed: 'bench', customers, traffic: 1, tickMinutes, speed: 0, plan: [], label: 'normal-day' },
  (p) => {
    if (p.simTime === end && globalThis.gc) {
      globalThis.gc();
      liveHeapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
    }
  },
);
const seconds = (performance.now() - t0) / 1000;
const node = process.cpuUsage(node0);
const backends = pids.map((pid, i) => Number((cpuOf(pid) - backends0[i]).toFixed(1)));
const wal = (await superuser.query('SELECT pg_wal_lsn_diff($1, $2) AS b', [await walLsn(), wal0])).rows[0].b;
console.log(
  JSON.stringify({
    customers,
    days,
    connections,
    tick_minutes: tickMinutes,
    heap_growth: growth,
    seconds: Number(seconds.toFixed(2)),
    rows: summary.rows,
    rows_per_s: Math.round(summary.rows / seconds),
    cpu_seconds: {
      node: Number(((node.user + node.system) / 1e6).toFixed(1)),
      main_backend: backends[0],
      ...(events ? { events_backend: backends[1] } : {}),
    },
    wal_mb: Math.round(Number(wal) / 1e6),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(liveHeapMb === undefined ? {} : { live_heap_mb_at_end: liveHeapMb }),
  }),
);
await events?.end();
await main.end();
await superuser.end();
