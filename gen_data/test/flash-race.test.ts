import { connect } from '@platform/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../db/test/support/oltp-database.js';
import { DAY } from '../src/clock/sim-time.js';
import { flashSaleRace } from '../src/sink/flash-race.js';
import { backfill, invariantViolations, START } from './support.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await freshOltpDatabase('gen_flash_race');
  await backfill(db.writer, { customers: 200, days: 1 });
});

afterAll(async () => {
  await db?.drop();
});

// One connection per buyer puts the whole race inside PostgreSQL's row locks; a small shared pool
// (as the benchmark also measures) queues buyers in the client first. Both must sell exactly 100.
it.each([
  { connections: undefined, label: 'one connection each' },
  { connections: 4, label: 'sharing 4 connections' },
])('64 concurrent buyers ($label) on a SKU with exactly 100 units sell exactly 100', async ({ connections }) => {
  const client = await connect(db.writer);
  try {
    // A product x warehouse the backfill never stocked: give it exactly 100 units in one lot.
    const { rows } =
      await client.query(`SELECT p.product_id, w.warehouse_id, p.list_price::text AS price, p.unit_cost::text AS cost
      FROM oltp.product p CROSS JOIN oltp.warehouse w
      WHERE NOT EXISTS (SELECT 1 FROM oltp.inventory i WHERE i.product_id = p.product_id AND i.warehouse_id = w.warehouse_id)
      ORDER BY 1, 2 LIMIT 1`);
    const cell = rows[0];
    const ids = (
      await client.query(`SELECT (SELECT max(order_id) + 1 FROM oltp.orders) AS o,
      (SELECT max(order_item_id) + 1 FROM oltp.order_items) AS i, (SELECT max(payment_id) + 1 FROM oltp.payment) AS p,
      (SELECT max(log_id) + 1 FROM oltp.inventory_log) AS l, (SELECT max(lot_id) + 1 FROM oltp.inventory_lot) AS lot`)
    ).rows[0];
    const at = new Date(START + DAY - 60_000).toISOString();
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.sim_now', $1, true)", [at]);
    await client.query('INSERT INTO oltp.inventory (product_id, warehouse_id, quantity) VALUES ($1, $2, 100)', [
      cell.product_id,
      cell.warehouse_id,
    ]);
    await client.query(
      `INSERT INTO oltp.inventory_lot (lot_id, product_id, warehouse_id, unit_cost, quantity_received, quantity_remaining)
      VALUES ($1, $2, $3, $4, 100, 100)`,
      [ids.lot, cell.product_id, cell.warehouse_id, cell.cost],
    );
    await client.query(
      `INSERT INTO oltp.inventory_log (log_id, product_id, warehouse_id, change_type, quantity_before, quantity_change,
      quantity_after, reference_type, lot_id, note) VALUES ($1, $2, $3, 'restock', 0, 100, 100, 'manual', $4, 'flash stock')`,
      [ids.l, cell.product_id, cell.warehouse_id, ids.lot],
    );
    await client.query('COMMIT');
    const customers = (
      await client.query('SELECT customer_id FROM oltp.customers ORDER BY customer_id LIMIT 64')
    ).rows.map((r) => Number(r.customer_id));

    const result = await flashSaleRace({
      login: db.writer,
      buyers: 64,
      ...(connections === undefined ? {} : { connections }),
      skus: [{ productId: cell.product_id, warehouseId: cell.warehouse_id, unitPrice: cell.price }],
      customerIds: customers,
      channelId: 1,
      paymentMethodId: 1,
      geoId: 1,
      nextIds: { order: Number(ids.o), orderItem: Number(ids.i), payment: Number(ids.p), log: Number(ids.l) + 1 },
      at: START + DAY - 30_000,
    });
    expect(result.orders).toBe(100);
    expect(result.unitsSold).toBe(100);
    expect(result.soldOutAttempts).toBeGreaterThanOrEqual(1);
    const after = (
      await client.query(
        `SELECT i.quantity, (SELECT sum(quantity_remaining) FROM oltp.inventory_lot l
        WHERE l.product_id = i.product_id AND l.warehouse_id = i.warehouse_id) AS lots,
        (SELECT count(*) FROM oltp.order_items oi WHERE oi.product_id = i.product_id AND oi.warehouse_id = i.warehouse_id) AS sold
      FROM oltp.inventory i WHERE product_id = $1 AND warehouse_id = $2`,
        [cell.product_id, cell.warehouse_id],
      )
    ).rows[0];
    expect(after).toEqual({ quantity: 0, lots: '0', sold: '100' });
  } finally {
    await client.end();
  }
  const violations = await invariantViolations(db.writer, 1);
  expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((k) => [k, 0])));
});
