import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/postgres-client.js';
import { insertCustomer, REF, setStock } from './fixtures.js';
import { seededDatabase } from './support/seeded-database.js';

const seeded = seededDatabase('flash_purchase');
let customerId: string;
const [P1, P2] = REF.products;
const [W1, W2] = REF.warehouses;
const AT = '2025-03-03T13:00:00Z';

beforeAll(async () => {
  await seeded.writer.query("SELECT set_config('app.sim_now', $1, false)", [AT]);
  customerId = await insertCustomer(seeded.writer);
});

/** Stock of `lots` (units, unit cost, received at) in one cell, the cell's quantity their sum. */
async function stock(productId: number, warehouseId: number, lots: [number, number, string][]): Promise<string[]> {
  await setStock(
    seeded.writer,
    productId,
    warehouseId,
    lots.reduce((s, [n]) => s + n, 0),
  );
  const ids: string[] = [];
  for (const [n, cost, at] of lots) {
    const { rows } = await seeded.writer.query(
      `INSERT INTO oltp.inventory_lot (product_id, warehouse_id, unit_cost, quantity_received, quantity_remaining,
         received_at) VALUES ($1, $2, $3, $4, $4, $5) RETURNING lot_id`,
      [productId, warehouseId, cost, n, at],
    );
    ids.push(rows[0].lot_id as string);
  }
  return ids;
}

interface Purchase {
  order: number;
  productId: number;
  warehouseId: number;
  quantity: number;
  unitPrice?: string;
}

function purchase(client: pg.Client, p: Purchase): Promise<pg.QueryResult> {
  return client.query(`SELECT oltp.flash_purchase($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) AS sold`, [
    p.order,
    p.order,
    p.order,
    customerId,
    REF.channel,
    AT,
    REF.paymentMethod,
    REF.geo,
    p.productId,
    p.warehouseId,
    p.quantity,
    p.unitPrice ?? '100000',
  ]);
}

async function quantity(productId: number, warehouseId: number): Promise<number> {
  const { rows } = await seeded.writer.query(
    'SELECT quantity FROM oltp.inventory WHERE product_id = $1 AND warehouse_id = $2',
    [productId, warehouseId],
  );
  return rows[0].quantity as number;
}

describe('oltp.flash_purchase', () => {
  it('takes the units from the oldest lots first, logs each lot, and writes order, item and a payment of the total', async () => {
    const [older, newer] = await stock(P1 as number, W1 as number, [
      [3, 40000, '2025-03-01T00:00:00Z'],
      [2, 50000, '2025-03-02T00:00:00Z'],
    ]);
    const res = await purchase(seeded.writer, {
      order: 800001,
      productId: P1 as number,
      warehouseId: W1 as number,
      quantity: 4,
    });
    expect(res.rows[0].sold).toBe(true);
    expect(await quantity(P1 as number, W1 as number)).toBe(1);

    const lots = await seeded.writer.query(
      'SELECT lot_id, quantity_remaining FROM oltp.inventory_lot WHERE lot_id = ANY($1) ORDER BY received_at',
      [[older, newer]],
    );
    expect(lots.rows.map((r) => r.quantity_remaining)).toEqual([0, 1]);
    const log = await seeded.writer.query(
      `SELECT change_type, quantity_before, quantity_change, quantity_after, reference_type,
         reference_id::int, lot_id::text FROM oltp.inventory_log WHERE reference_id = 800001 ORDER BY log_id`,
    );
    expect(log.rows).toEqual([
      {
        change_type: 'sale',
        quantity_before: 5,
        quantity_change: -3,
        quantity_after: 2,
        reference_type: 'order',
        reference_id: 800001,
        lot_id: older,
      },
      {
        change_type: 'sale',
        quantity_before: 2,
        quantity_change: -1,
        quantity_after: 1,
        reference_type: 'order',
        reference_id: 800001,
        lot_id: newer,
      },
    ]);

    const order = await seeded.writer.query(
      `SELECT o.status, o.total_amount::text AS total, i.quantity, i.cost_amount::text AS cost, p.amount::text AS paid,
         p.status AS payment_status, (SELECT count(*)::int FROM oltp.order_status_history h WHERE h.order_id = o.order_id) AS history
       FROM oltp.orders o JOIN oltp.order_items i USING (order_id) JOIN oltp.payment p USING (order_id)
       WHERE o.order_id = 800001`,
    );
    expect(order.rows).toEqual([
      {
        status: 'Pending',
        total: '400000.00',
        quantity: 4,
        cost: '170000.00',
        paid: '400000.00',
        payment_status: 'paid',
        history: 1,
      },
    ]);
  });

  it('sells nothing and writes nothing when the cell has too few units', async () => {
    const res = await purchase(seeded.writer, {
      order: 800002,
      productId: P1 as number,
      warehouseId: W1 as number,
      quantity: 2,
    });
    expect(res.rows[0].sold).toBe(false);
    expect(await quantity(P1 as number, W1 as number)).toBe(1);
    const { rows } = await seeded.writer.query('SELECT count(*)::int AS n FROM oltp.orders WHERE order_id = 800002');
    expect(rows[0].n).toBe(0);
  });

  it('refuses, rolling everything back, when the lots hold less than the stock', async () => {
    // Stock with no lots behind it.
    await setStock(seeded.writer, P2 as number, W2 as number, 3);
    await expect(
      purchase(seeded.writer, {
        order: 800004,
        productId: P2 as number,
        warehouseId: W2 as number,
        quantity: 1,
      }),
    ).rejects.toMatchObject({
      code: 'EC005',
      message: 'lots of product 9002 in warehouse 9002 hold 1 units fewer than its stock',
    });
    expect(await quantity(P2 as number, W2 as number)).toBe(3);
    const { rows } = await seeded.writer.query('SELECT count(*)::int AS n FROM oltp.orders WHERE order_id = 800004');
    expect(rows[0].n).toBe(0);
  });

  it('lets exactly as many concurrent buyers win as there are units', async () => {
    await stock(P1 as number, W2 as number, [[5, 40000, '2025-03-01T00:00:00Z']]);
    const buyers = await Promise.all(Array.from({ length: 12 }, () => connect(seeded.db.writer)));
    try {
      for (const b of buyers) await b.query("SELECT set_config('app.sim_now', $1, false)", [AT]);
      const results = await Promise.all(
        buyers.map((b, i) =>
          purchase(b, {
            order: 810000 + i,
            productId: P1 as number,
            warehouseId: W2 as number,
            quantity: 1,
          }),
        ),
      );
      expect(results.filter((r) => r.rows[0].sold === true)).toHaveLength(5);
      // Log ids rise in the order the stock moved: each row starts where the previous one ended.
      const log = await seeded.writer.query(
        `SELECT quantity_before, quantity_after FROM oltp.inventory_log WHERE product_id = $1 AND warehouse_id = $2
         ORDER BY log_id`,
        [P1, W2],
      );
      expect(log.rows).toEqual([5, 4, 3, 2, 1].map((n) => ({ quantity_before: n, quantity_after: n - 1 })));
    } finally {
      await Promise.all(buyers.map((b) => b.end()));
    }
    expect(await quantity(P1 as number, W2 as number)).toBe(0);
  });

  it('is executable by the seeded.writer only', async () => {
    const reader = await connect(seeded.db.reader);
    try {
      await expect(
        reader.query('SELECT oltp.flash_purchase(1, 1, 1, 1, 1::int2, now(), 1::int2, 1, 1, 1, 1, 1)'),
      ).rejects.toThrow(/permission denied for (function flash_purchase|schema oltp)/);
    } finally {
      await reader.end();
    }
  });
});
