// Backfill and live flash-sale throughput of gen_data on the dev stack (not a test).
//   npx tsc -b && node runtime/dist/cli.js up && eval "$(node runtime/dist/cli.js env)"
//   /usr/bin/time -v node bench/gen_data/bench.mjs [customers] [days]
// Writes into its own databases (gen_data_bench, gen_data_copy, gen_data_single, gen_data_flash), never the
// stack's `ecommerce`.

import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { connect } from '@platform/db';
import { BackfillWriter, limitHeapGrowth, runSimulation } from '@platform/gen-data';
import pgCopy from 'pg-copy-streams';
import { flashRace } from './flash-race.mjs';
import { freshDatabase } from './fresh-database.mjs';

const customers = Number(process.argv[2] ?? 20000);
const days = Number(process.argv[3] ?? 7);
const start = Date.parse('2025-03-02T17:00:00Z'); // 2025-03-03 00:00 Asia/Ho_Chi_Minh
const end = start + days * 86_400_000;
const TABLES = [
  'customers',
  'discount',
  'inventory',
  'purchase_order',
  'purchase_order_item',
  'inventory_lot',
  'cart',
  'cart_items',
  'wishlist',
  'orders',
  'order_items',
  'inventory_log',
  'payment',
  'order_status_history',
  'shipment',
  'order_return',
  'product_review',
  'stock_alert',
  'customer_activity_log',
  'fraud_label',
];

// The backfill as the CLI runs it: heap growth limited, clickstream on a second connection.
limitHeapGrowth();
const bench = await freshDatabase('gen_data_bench');
const client = await connect(bench.writer, 'gen_data bench');
const events = await connect(bench.writer, 'gen_data bench events');
const t0 = performance.now();
const backfillConfig = {
  start,
  end,
  seed: 'bench',
  customers,
  traffic: 1,
  tickMinutes: 5,
  speed: 0,
  plan: [],
  label: 'normal-day',
};
const summary = await runSimulation(client, new BackfillWriter(client, events), backfillConfig);
const backfillSeconds = (performance.now() - t0) / 1000;
const backfillRss = process.resourceUsage().maxRSS / 1024;
await client.end();
await events.end();

// The same rows (everything the run left in the tables, history included), COPY'd into a fresh
// database: the floor a bulk loader could reach for this data in the same run on the same machine.
const copyDb = await freshDatabase('gen_data_copy');
const src = await connect(bench.superuser, 'gen_data bench copy out');
const dst = await connect(copyDb.superuser, 'gen_data bench copy in');
await dst.query('SET session_replication_role = replica'); // plain COPY: no triggers, no FK checks
let copied = 0;
const dumps = [];
for (const t of TABLES) {
  const chunks = [];
  const out = src.query(pgCopy.to(`COPY oltp.${t} TO STDOUT`));
  for await (const chunk of out) chunks.push(chunk);
  dumps.push([t, chunks]);
  copied += Number((await src.query(`SELECT count(*) FROM oltp.${t}`)).rows[0].count);
}
const c0 = performance.now();
await dst.query('BEGIN');
await dst.query(`TRUNCATE ${TABLES.map((t) => `oltp.${t}`).join(', ')} CASCADE`);
for (const [t, chunks] of dumps) {
  const input = new PassThrough();
  const done = pipeline(input, dst.query(pgCopy.from(`COPY oltp.${t} FROM STDIN`)));
  for (const c of chunks) input.write(c);
  input.end();
  await done;
}
await dst.query('COMMIT');
const copySeconds = (performance.now() - c0) / 1000;
await src.end();
await dst.end();

// The same backfill with each tick as one transaction on one connection (the writer before the
// clickstream moved to its own connection), in the same run for the ratio.
const single = await freshDatabase('gen_data_single');
const one = await connect(single.writer, 'gen_data bench one connection');
const s0 = performance.now();
await runSimulation(one, new BackfillWriter(one), { ...backfillConfig });
const singleSeconds = (performance.now() - s0) / 1000;
await one.end();

// Live flash sale: N concurrent buyers on 20 SKUs x 300 units in one warehouse, each buyer on its
// own connection, then the same buyers sharing a pool of POOL connections (4 per core here).
const POOL = 8;
const live = [];
for (const [buyers, connections] of [
  [32, 32],
  [32, POOL],
  [64, 64],
  [64, POOL],
]) {
  live.push(await flashRace({ start, buyers, connections }));
}

const rss = process.resourceUsage().maxRSS / 1024;
console.log(
  JSON.stringify(
    {
      backfill: {
        customers,
        days,
        seconds: Number(backfillSeconds.toFixed(2)),
        rows: summary.rows,
        rows_per_s: Math.round(summary.rows / backfillSeconds),
        orders: summary.orders,
        orders_per_s: Math.round(summary.orders / backfillSeconds),
        db_rows_after: copied,
        copy_seconds: Number(copySeconds.toFixed(2)),
        copy_rows_per_s: Math.round(copied / copySeconds),
        backfill_time_vs_copy: Number((backfillSeconds / copySeconds).toFixed(2)),
        peak_rss_mb: Math.round(backfillRss),
        one_connection_seconds: Number(singleSeconds.toFixed(2)),
        one_connection_vs_two: Number((singleSeconds / backfillSeconds).toFixed(2)),
      },
      live_flash_sale: live,
      peak_rss_mb_whole_bench: Math.round(rss),
    },
    null,
    2,
  ),
);
