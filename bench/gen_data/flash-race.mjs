// The live flash-sale race of the gen_data benchmarks: a fresh database with a one-hour backfill
// of 500 customers, then 20 SKUs x 300 units moved into warehouse 1 as one new lot each, then
// `flashSaleRace` with the given buyers and connections. Used by bench.mjs and flash-sweep.mjs.

import { readFileSync } from 'node:fs';
import { connect } from '@platform/db';
import { BackfillWriter, flashSaleRace, runSimulation } from '@platform/gen-data';
import { freshDatabase } from './fresh-database.mjs';

/** CPU seconds the whole machine spent busy so far (/proc/stat: user, nice, system, irq, softirq, steal). */
function machineCpuSeconds() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / 100;
}

export async function flashRace({ start, buyers, connections }) {
  const db = await freshDatabase('gen_data_flash');
  const c = await connect(db.writer, 'gen_data bench flash');
  try {
    await runSimulation(c, new BackfillWriter(c), {
      start,
      end: start + 3_600_000,
      seed: 'flash',
      customers: 500,
      traffic: 1,
      tickMinutes: 5,
      speed: 0,
      plan: [],
      label: 'normal-day',
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
        await c.query('SELECT quantity FROM oltp.inventory WHERE product_id = $1 AND warehouse_id = 1', [
          cell.product_id,
        ])
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
    const busy0 = machineCpuSeconds();
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
    const cpu = machineCpuSeconds() - busy0;
    const after = (
      await c.query(
        `SELECT sum(quantity)::int AS q, min(quantity) AS m FROM oltp.inventory
      WHERE warehouse_id = 1 AND product_id = ANY($1)`,
        [cells.map((x) => x.product_id)],
      )
    ).rows[0];
    return {
      buyers,
      connections,
      orders: r.orders,
      seconds: Number(r.seconds.toFixed(2)),
      orders_per_s: Math.round(r.ordersPerSecond),
      stock_before: before,
      stock_after: after.q,
      oversold: before - r.unitsSold - after.q !== 0 || after.m < 0,
      machine_cpu_seconds: Number(cpu.toFixed(2)),
    };
  } finally {
    await c.end();
  }
}
