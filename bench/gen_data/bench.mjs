// Backfill and live flash-sale throughput of gen_data on the dev stack (not a test).
//   npx tsc -b && node runtime/dist/cli.js up && eval "$(node runtime/dist/cli.js env)"
//   /usr/bin/time -v node bench/gen_data/bench.mjs [customers] [days]
// Writes into its own databases (gen_data_bench, gen_data_copy, gen_data_single, gen_data_flash), never the
// stack's `ecommerce`.

import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { connect } from '@platform/db';
import { BackfillWriter, flashSaleRace, limitHeapGrowth, runSimulation } from '@platform/gen-data';
import pgCopy from 'pg-copy-streams';
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
const backfillConfig = { start, end, seed: 'bench', customers, traffic: 1, tickMinutes: 5, speed: 0, plan: [] };
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
  const db = await freshDatabase('gen_data_flash');
  const c = await connect(db.writer, 'gen_data bench flash');
  await runSimulation(c, new BackfillWriter(c), {
    start,
    end: start + 3_600_000,
    seed: 'flash',
    customers: 500,
    traffic: 1,
    tickMinutes: 5,
    speed: 0,
    plan: [],
  });
  const cells = (
    await c.query(`SELECT p.product_id, p.list_price::text AS price, p.unit_cost::text AS cost
    FROM oltp.product p ORDER BY p.product_id LIMIT 20`)
  ).rows;
  const ids = (
    await c.query(`SELECT (SELECT max(order_id) + 1 FROM oltp.orders) AS o, (SELECT max(order_item_id) + 1
    FROM oltp.order_items) AS i, (SELECT max(payment_id) + 1 FROM oltp.payment) AS p, (SELECT max(log_id) + 1 FROM
    oltp.inventory_log) AS l, (SELECT max(lot_id) + 1 FROM oltp.inventory_lot) AS lot`)
  ).rows[0];
  // Flash stock: 300 units per SKU moved into warehouse 1 as one new lot each (adjustments on the existing rows).
  await c.query('BEGIN');
  await c.query("SELECT set_config('app.sim_now', $1, true)", [new Date(start + 3_600_000).toISOString()]);
  let lot = Number(ids.lot);
  let log = Number(ids.l);
  for (const cell of cells) {
    // DO NOTHING + SELECT: a no-op DO UPDATE would be suppressed (migration 0006) and return no row.
    await c.query(
      `INSERT INTO oltp.inventory (product_id, warehouse_id, quantity) VALUES ($1, 1, 0)
      ON CONFLICT (product_id, warehouse_id) DO NOTHING`,
      [cell.product_id],
    );
    const row = (
      await c.query('SELECT quantity FROM oltp.inventory WHERE product_id = $1 AND warehouse_id = 1', [cell.product_id])
    ).rows[0];
    await c.query(
      `INSERT INTO oltp.inventory_lot (lot_id, product_id, warehouse_id, unit_cost, quantity_received,
      quantity_remaining) VALUES ($1, $2, 1, $3, 300, 300)`,
      [lot, cell.product_id, cell.cost],
    );
    await c.query('UPDATE oltp.inventory SET quantity = quantity + 300 WHERE product_id = $1 AND warehouse_id = 1', [
      cell.product_id,
    ]);
    await c.query(
      `INSERT INTO oltp.inventory_log (log_id, product_id, warehouse_id, change_type, quantity_before,
      quantity_change, quantity_after, reference_type, lot_id, note) VALUES ($1, $2, 1, 'restock', $3, 300, $4, 'manual', $5, 'flash stock')`,
      [log++, cell.product_id, row.quantity, row.quantity + 300, lot++],
    );
  }
  await c.query('COMMIT');
  const before = (
    await c.query(
      'SELECT sum(quantity)::int AS q FROM oltp.inventory WHERE warehouse_id = 1 AND product_id = ANY($1)',
      [cells.map((x) => x.product_id)],
    )
  ).rows[0].q;
  const customerIds = (await c.query('SELECT customer_id FROM oltp.customers ORDER BY 1 LIMIT 500')).rows.map((r) =>
    Number(r.customer_id),
  );
  const r = await flashSaleRace({
    login: db.writer,
    buyers,
    connections,
    customerIds,
    channelId: 1,
    paymentMethodId: 1,
    geoId: 1,
    at: start + 3_600_000 + 60_000,
    skus: cells.map((x) => ({ productId: x.product_id, warehouseId: 1, unitPrice: x.price })),
    nextIds: { order: Number(ids.o), orderItem: Number(ids.i), payment: Number(ids.p), log },
  });
  const after = (
    await c.query(
      `SELECT sum(quantity)::int AS q, min(quantity) AS m FROM oltp.inventory
    WHERE warehouse_id = 1 AND product_id = ANY($1)`,
      [cells.map((x) => x.product_id)],
    )
  ).rows[0];
  live.push({
    buyers,
    connections,
    orders: r.orders,
    seconds: Number(r.seconds.toFixed(2)),
    orders_per_s: Math.round(r.ordersPerSecond),
    stock_before: before,
    stock_after: after.q,
    oversold: before - r.unitsSold - after.q !== 0 || after.m < 0,
  });
  await c.end();
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
