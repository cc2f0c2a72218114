// What the clickstream's rules cost: the rows of oltp.customer_activity_log of a benchmark
// database, COPY'd in one transaction into a copy of the table, adding its primary key, indexes
// and foreign keys one at a time (cumulatively). Run bench.mjs or profile-backfill.mjs first.
//   npx tsc -b && node runtime/dist/cli.js up && eval "$(node runtime/dist/cli.js env)"
//   node bench/gen_data/activity-log-costs.mjs [database]   (default gen_data_profile)
// Creates and drops public.activity_log_cost in that database.

import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadSettings, postgresLogin } from '@platform/config';
import { connect } from '@platform/db';
import pgCopy from 'pg-copy-streams';

const database = process.argv[2] ?? 'gen_data_profile';
const c = await connect(postgresLogin(loadSettings(), 'superuser', database), 'activity log costs');
const chunks = [];
for await (const chunk of c.query(pgCopy.to('COPY oltp.customer_activity_log TO STDOUT'))) chunks.push(chunk);
const rows = Number((await c.query('SELECT count(*) AS n FROM oltp.customer_activity_log')).rows[0].n);

const T = 'public.activity_log_cost';
const steps = [
  ['no key, index or foreign key', null],
  ['+ primary key', `ALTER TABLE ${T} ADD PRIMARY KEY (activity_id)`],
  ['+ (customer_id, occurred_at) index', `CREATE INDEX ON ${T} (customer_id, occurred_at)`],
  ['+ session_id index', `CREATE INDEX ON ${T} (session_id)`],
  ['+ created_at index (ingestion cursor)', `CREATE INDEX ON ${T} (created_at)`],
  ['+ foreign key to order_channel', `ALTER TABLE ${T} ADD FOREIGN KEY (channel_id) REFERENCES oltp.order_channel`],
  ['+ foreign key to product', `ALTER TABLE ${T} ADD FOREIGN KEY (product_id) REFERENCES oltp.product`],
  ['+ foreign key to customers', `ALTER TABLE ${T} ADD FOREIGN KEY (customer_id) REFERENCES oltp.customers`],
];
const results = [];
try {
  await c.query(`DROP TABLE IF EXISTS ${T}`);
  await c.query(`CREATE TABLE ${T} (LIKE oltp.customer_activity_log INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  for (const [label, ddl] of steps) {
    if (ddl) await c.query(ddl);
    await c.query(`TRUNCATE ${T}`);
    const t0 = performance.now();
    await c.query("BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL app.sim_now = '2025-03-10T00:00:00Z'");
    const input = new PassThrough();
    const done = pipeline(input, c.query(pgCopy.from(`COPY ${T} FROM STDIN`)));
    for (const chunk of chunks) input.write(chunk);
    input.end();
    await done;
    await c.query('COMMIT');
    results.push({ step: label, seconds: Number(((performance.now() - t0) / 1000).toFixed(2)) });
  }
} finally {
  await c.query(`DROP TABLE IF EXISTS ${T}`);
  await c.end();
}
console.log(JSON.stringify({ database, rows, copy_in_one_transaction: results }, null, 2));
