import { beforeAll, describe, expect, it } from 'vitest';
import { REF, setStock } from './fixtures.js';
import { seededDatabase } from './support/seeded-database.js';

const seeded = seededDatabase('inventory_stock');
const [P1, P2] = REF.products;
const [W1, W2] = REF.warehouses;

beforeAll(async () => {});

async function insertLot(productId: number, warehouseId: number, quantity: number): Promise<string> {
  const { rows } = await seeded.writer.query(
    `INSERT INTO oltp.inventory_lot (product_id, warehouse_id, unit_cost, quantity_received, quantity_remaining)
     VALUES ($1, $2, 700000, $3, $3) RETURNING lot_id`,
    [productId, warehouseId, quantity],
  );
  return rows[0].lot_id as string;
}

describe('stock levels', () => {
  it('refuses to take more than is on hand, saying how much is missing', async () => {
    await setStock(seeded.writer, P1, W1, 5);
    const take = (n: number) =>
      seeded.writer.query(
        'UPDATE oltp.inventory SET quantity = quantity - $3 WHERE product_id = $1 AND warehouse_id = $2',
        [P1, W1, n],
      );
    await expect(take(7)).rejects.toThrow(/^insufficient stock for product 9001 in warehouse 9001: have 5, need 7$/);
    await expect(take(7)).rejects.toMatchObject({ code: 'EC005' });
    await take(5);
    const { rows } = await seeded.writer.query(
      'SELECT quantity, safety_stock, reorder_level FROM oltp.inventory WHERE product_id = $1 AND warehouse_id = $2',
      [P1, W1],
    );
    expect(rows[0]).toEqual({ quantity: 0, safety_stock: 10, reorder_level: 20 });
  });

  it('refuses a negative initial stock and a reorder level below safety stock', async () => {
    await expect(setStock(seeded.writer, P2, W2, -1)).rejects.toThrow(/inventory_quantity_check/);
    await expect(
      seeded.writer.query(
        'INSERT INTO oltp.inventory (product_id, warehouse_id, safety_stock, reorder_level) VALUES ($1, $2, 30, 20)',
        [P2, W2],
      ),
    ).rejects.toThrow(/inventory_reorder_above_safety/);
  });

  it('refuses to take more than a FIFO lot holds', async () => {
    await setStock(seeded.writer, P2, W1, 10);
    const lotId = await insertLot(P2, W1, 10);
    const take = (n: number) =>
      seeded.writer.query(
        'UPDATE oltp.inventory_lot SET quantity_remaining = quantity_remaining - $2 WHERE lot_id = $1',
        [lotId, n],
      );
    await expect(take(11)).rejects.toThrow(
      new RegExp(`^insufficient stock in lot ${lotId} \\(product 9002 in warehouse 9001\\): have 10, need 11$`),
    );
    await take(4);
    await expect(
      seeded.writer.query('UPDATE oltp.inventory_lot SET quantity_remaining = 11 WHERE lot_id = $1', [lotId]),
    ).rejects.toThrow(/inventory_lot_remaining_in_range/);
  });
});

describe('inventory log', () => {
  const log = (type: string, before: number, change: number, after: number) =>
    seeded.writer.query(
      `INSERT INTO oltp.inventory_log (product_id, warehouse_id, change_type, quantity_before, quantity_change,
         quantity_after, reference_type, reference_id)
       VALUES ($1, $2, $3, $4, $5, $6, 'order', 1) RETURNING log_id`,
      [P2, W1, type, before, change, after],
    );

  it('requires after = before + change, never below zero, in the direction of its type', async () => {
    await expect(log('sale', 10, -3, 6)).rejects.toThrow(/inventory_log_after_adds_up/);
    await expect(log('sale', 2, -3, -1)).rejects.toThrow(/inventory_log_quantity_after_check/);
    await expect(log('sale', 10, 3, 13)).rejects.toThrow(/inventory_log_direction_matches_type/);
    await log('sale', 10, -3, 7);
  });

  it('is append-only', async () => {
    const { rows } = await log('adjustment', 7, 1, 8);
    await expect(
      seeded.writer.query('UPDATE oltp.inventory_log SET note = $2 WHERE log_id = $1', [rows[0].log_id, 'fix']),
    ).rejects.toThrow(/^oltp.inventory_log is append-only: UPDATE is not allowed$/);
    await expect(
      seeded.writer.query('DELETE FROM oltp.inventory_log WHERE log_id = $1', [rows[0].log_id]),
    ).rejects.toThrow(/append-only: DELETE/);
  });
});

describe('stock alerts', () => {
  it('keeps at most one open alert per product, warehouse and type, and stamps resolution', async () => {
    await setStock(seeded.writer, P1, W2, 3);
    const raise = `INSERT INTO oltp.stock_alert (product_id, warehouse_id, alert_type, quantity_at_raise)
                   VALUES ($1, $2, 'below_safety_stock', 3)`;
    await seeded.writer.query(raise, [P1, W2]);
    await expect(seeded.writer.query(raise, [P1, W2])).rejects.toThrow(/stock_alert_one_open_idx/);
    const again = await seeded.writer.query(`${raise} ON CONFLICT DO NOTHING`, [P1, W2]);
    expect(again.rowCount).toBe(0);

    await seeded.writer.query(`SET app.sim_now = '2031-06-01T00:00:00Z'`);
    const { rows } = await seeded.writer.query(
      `UPDATE oltp.stock_alert SET status = 'resolved' WHERE product_id = $1 AND warehouse_id = $2 AND status = 'open'
       RETURNING alert_id, resolved_at`,
      [P1, W2],
    );
    await seeded.writer.query('RESET app.sim_now');
    expect((rows[0].resolved_at as Date).toISOString()).toBe('2031-06-01T00:00:00.000Z');
    await expect(
      seeded.writer.query(`UPDATE oltp.stock_alert SET status = 'open' WHERE alert_id = $1`, [rows[0].alert_id]),
    ).rejects.toThrow(/stock alert \d+ is resolved and cannot reopen/);
    await seeded.writer.query(raise, [P1, W2]);
  });
});

describe('purchase orders', () => {
  it('goes ordered -> received once, stamping received_at', async () => {
    const { rows } = await seeded.writer.query(
      `INSERT INTO oltp.purchase_order (po_code, warehouse_id, expected_at)
       VALUES ('PO-TEST-1', $1, oltp.clock_now() + interval '3 days') RETURNING purchase_order_id`,
      [W1],
    );
    const id = rows[0].purchase_order_id as string;
    await seeded.writer.query(
      `INSERT INTO oltp.purchase_order_item (purchase_order_id, product_id, quantity_ordered, unit_cost) VALUES ($1, $2, 50, 650000)`,
      [id, P1],
    );
    await seeded.writer.query(`UPDATE oltp.purchase_order SET status = 'received' WHERE purchase_order_id = $1`, [id]);
    const after = await seeded.writer.query(
      'SELECT received_at FROM oltp.purchase_order WHERE purchase_order_id = $1',
      [id],
    );
    expect(after.rows[0].received_at).toBeInstanceOf(Date);
    await expect(
      seeded.writer.query(`UPDATE oltp.purchase_order SET status = 'cancelled' WHERE purchase_order_id = $1`, [id]),
    ).rejects.toThrow(new RegExp(`purchase order ${id} is received and cannot become cancelled`));
  });
});
