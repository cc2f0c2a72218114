// What resuming a shop costs: the start-up of a run on a database with a history (20,000 customers
// and a week by default), next to the run itself (one more day). Not a test.
//   npx tsc -b && node runtime/dist/cli.js up && eval "$(node runtime/dist/cli.js env)"
//   node bench/gen_data/resume.mjs [customers] [days of history] [runs]
// Writes into its own databases (gen_data_resume_history and one copy of it per measured run), never
// the stack's `ecommerce`. Each measured run continues an identical copy of the history.

import { loadSettings, postgresLogin } from '@platform/config';
import { connect, withClient } from '@platform/db';
import {
  BackfillWriter,
  limitHeapGrowth,
  parseRunOptions,
  readShopClock,
  resolveRun,
  runSimulation,
} from '@platform/gen-data';
import pg from 'pg';
import { freshDatabase } from './fresh-database.mjs';

const customers = process.argv[2] ?? '20000';
const days = process.argv[3] ?? '7';
const runs = Number(process.argv[4] ?? 3);
const settings = loadSettings();
const HISTORY = 'gen_data_resume_history';

/** One run as the CLI makes it: from the shop's clock (a new shop: 2025-03-03), clickstream on a second connection. */
async function run(database, runDays) {
  const login = postgresLogin(settings, 'oltpWriter', database);
  const client = await connect(login, 'gen_data bench resume');
  const events = await connect(login, 'gen_data bench resume events');
  try {
    const request = parseRunOptions({ customers, days: runDays, seed: 'bench' }, {});
    const config = resolveRun(request, await readShopClock(client), Date.now());
    return await runSimulation(client, new BackfillWriter(client, events), config);
  } finally {
    await events.end();
    await client.end();
  }
}

async function copyOfHistory(name) {
  await withClient(postgresLogin(settings, 'superuser', 'postgres'), async (c) => {
    const db = pg.escapeIdentifier(name);
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${db} TEMPLATE ${pg.escapeIdentifier(HISTORY)} OWNER ecommerce_owner`);
    await c.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
    await c.query(`GRANT CONNECT ON DATABASE ${db} TO ecommerce_writer, ecommerce_reader`);
  });
}

limitHeapGrowth();
await freshDatabase(HISTORY);
const history = await run(HISTORY, days);
const measured = [];
for (let i = 1; i <= runs; i++) {
  const name = `gen_data_resume_${i}`;
  await copyOfHistory(name);
  const next = await run(name, '1');
  measured.push({
    resume_seconds: Number(next.resumeSeconds.toFixed(2)),
    run_seconds: Number(next.seconds.toFixed(2)),
    resume_share: Number((next.resumeSeconds / next.seconds).toFixed(3)),
    resumed: next.resumed,
    rows: next.rows,
    orders: next.orders,
  });
  await withClient(postgresLogin(settings, 'superuser', 'postgres'), (c) =>
    c.query(`DROP DATABASE ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  );
}
console.log(
  JSON.stringify(
    {
      history: {
        customers: Number(customers),
        days: Number(days),
        seconds: Number(history.seconds.toFixed(2)),
        rows: history.rows,
        orders: history.orders,
      },
      next_day: measured,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    null,
    2,
  ),
);
