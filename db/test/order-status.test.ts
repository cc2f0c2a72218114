import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/postgres-client.js';
import { insertCustomer, insertOrder, setStatus, TO_DELIVERED } from './fixtures.js';
import { seededDatabase } from './support/seeded-database.js';

const seeded = seededDatabase('order_status');
let customerId: string;

beforeAll(async () => {
  customerId = await insertCustomer(seeded.writer);
});

async function history(orderId: string): Promise<string[]> {
  const { rows } = await seeded.writer.query(
    'SELECT from_status, to_status FROM oltp.order_status_history WHERE order_id = $1 ORDER BY history_id',
    [orderId],
  );
  return rows.map((r) => `${r.from_status ?? '-'}>${r.to_status}`);
}

describe('order status state machine', () => {
  it('starts every order as Pending and records it', async () => {
    const orderId = await insertOrder(seeded.writer, { customerId });
    expect(await history(orderId)).toEqual(['->Pending']);
  });

  it('refuses a new order in any other status', async () => {
    await expect(
      seeded.writer.query(
        `INSERT INTO oltp.orders (order_code, customer_id, channel_id, payment_method_id, shipping_geo_id,
           shipping_address, subtotal_amount, total_amount, status)
         VALUES ('ORD-NOT-PENDING', $1, 9001, 9001, 9001, 'x', 100, 100, 'Confirmed')`,
        [customerId],
      ),
    ).rejects.toThrow(/new order ORD-NOT-PENDING must start as Pending, not Confirmed/);
  });

  it('walks the legal path to Completed, writing one history row per change', async () => {
    const orderId = await insertOrder(seeded.writer, { customerId });
    await setStatus(seeded.writer, orderId, ...TO_DELIVERED, 'Completed');
    expect(await history(orderId)).toEqual([
      '->Pending',
      'Pending>Confirmed',
      'Confirmed>Processing',
      'Processing>Packed',
      'Packed>Shipped',
      'Shipped>Delivering',
      'Delivering>Delivered',
      'Delivered>Completed',
    ]);
    const { rows } = await seeded.writer.query(
      'SELECT completed_at, cancelled_at FROM oltp.orders WHERE order_id = $1',
      [orderId],
    );
    expect(rows[0].completed_at).toBeInstanceOf(Date);
    expect(rows[0].cancelled_at).toBeNull();
  });

  it('refuses Delivered -> Cancelled, naming the order', async () => {
    const orderId = await insertOrder(seeded.writer, { customerId });
    await setStatus(seeded.writer, orderId, ...TO_DELIVERED);
    const attempt = setStatus(seeded.writer, orderId, 'Cancelled');
    await expect(attempt).rejects.toThrow(
      new RegExp(`^illegal order status transition Delivered -> Cancelled for order ${orderId}$`),
    );
    await expect(setStatus(seeded.writer, orderId, 'Cancelled')).rejects.toMatchObject({ code: 'EC001' });
  });

  it('allows a failed delivery to be re-attempted and then returned to sender', async () => {
    const orderId = await insertOrder(seeded.writer, { customerId });
    await setStatus(seeded.writer, orderId, ...TO_DELIVERED.slice(0, -1), 'DeliveryFailed');
    await setStatus(seeded.writer, orderId, 'Shipped', 'Delivering', 'DeliveryFailed', 'Returned');
    await expect(setStatus(seeded.writer, orderId, 'Shipped')).rejects.toThrow(
      /illegal order status transition Returned -> Shipped/,
    );
  });

  it('stamps cancelled_at and keeps Cancelled and Completed terminal', async () => {
    const cancelled = await insertOrder(seeded.writer, { customerId });
    await setStatus(seeded.writer, cancelled, 'Cancelled');
    const { rows } = await seeded.writer.query('SELECT cancelled_at FROM oltp.orders WHERE order_id = $1', [cancelled]);
    expect(rows[0].cancelled_at).toBeInstanceOf(Date);
    await expect(setStatus(seeded.writer, cancelled, 'Confirmed')).rejects.toThrow(
      /illegal order status transition Cancelled -> Confirmed/,
    );

    const completed = await insertOrder(seeded.writer, { customerId });
    await setStatus(seeded.writer, completed, ...TO_DELIVERED, 'Completed');
    await expect(setStatus(seeded.writer, completed, 'Delivered')).rejects.toThrow(
      /illegal order status transition Completed -> Delivered/,
    );
  });

  it('refuses skipping a step', async () => {
    const orderId = await insertOrder(seeded.writer, { customerId });
    await expect(setStatus(seeded.writer, orderId, 'Shipped')).rejects.toThrow(
      /illegal order status transition Pending -> Shipped/,
    );
  });

  it('refuses a status change dated before the order’s last one', async () => {
    await seeded.writer.query(`SET app.sim_now = '2025-03-02T10:00:00+07'`);
    const orderId = await insertOrder(seeded.writer, { customerId });
    await setStatus(seeded.writer, orderId, 'Confirmed');
    await seeded.writer.query(`SET app.sim_now = '2025-03-01T10:00:00+07'`);
    await expect(setStatus(seeded.writer, orderId, 'Processing')).rejects.toThrow(
      new RegExp(`order status change Confirmed -> Processing for order ${orderId} at .* is earlier than its last`),
    );
    await seeded.writer.query(`SET app.sim_now = '2025-03-02T10:00:00+07'`);
    await setStatus(seeded.writer, orderId, 'Processing');
    await seeded.writer.query('RESET app.sim_now');
  });

  it('keeps the history append-only and written only by the database', async () => {
    const orderId = await insertOrder(seeded.writer, { customerId });
    await expect(
      seeded.writer.query(
        `INSERT INTO oltp.order_status_history (order_id, from_status, to_status) VALUES ($1, 'Pending', 'Confirmed')`,
        [orderId],
      ),
    ).rejects.toThrow(/permission denied for table order_status_history/);
    const owner = await connect(seeded.db.owner);
    try {
      await expect(
        owner.query(`UPDATE oltp.order_status_history SET to_status = 'Pending' WHERE order_id = $1`, [orderId]),
      ).rejects.toThrow(/oltp.order_status_history is append-only: UPDATE is not allowed/);
    } finally {
      await owner.end();
    }
  });
});

describe('oltp.set_order_statuses', () => {
  it('applies changes in array order, through the state machine, numbering history in that order', async () => {
    const a = await insertOrder(seeded.writer, { customerId });
    const b = await insertOrder(seeded.writer, { customerId });
    // b before a, and a twice: the history must follow the arrays exactly.
    await seeded.writer.query('SELECT oltp.set_order_statuses($1::bigint[], $2::text[])', [
      [b, a, a],
      ['Confirmed', 'Confirmed', 'Processing'],
    ]);
    const { rows } = await seeded.writer.query(
      `SELECT order_id::text, to_status FROM oltp.order_status_history
       WHERE order_id = ANY($1::bigint[]) AND from_status IS NOT NULL ORDER BY history_id`,
      [[a, b]],
    );
    expect(rows.map((r) => [r.order_id, r.to_status])).toEqual([
      [b, 'Confirmed'],
      [a, 'Confirmed'],
      [a, 'Processing'],
    ]);
  });

  it('refuses mismatched arrays, a missing order and an illegal step, changing nothing', async () => {
    const a = await insertOrder(seeded.writer, { customerId });
    await expect(
      seeded.writer.query('SELECT oltp.set_order_statuses($1::bigint[], $2::text[])', [
        [a],
        ['Confirmed', 'Processing'],
      ]),
    ).rejects.toThrow('set_order_statuses: 1 order ids but 2 statuses');
    await expect(
      seeded.writer.query('SELECT oltp.set_order_statuses($1::bigint[], $2::text[])', [
        [a, '987654321'],
        ['Confirmed', 'Confirmed'],
      ]),
    ).rejects.toThrow('set_order_statuses: order 987654321 does not exist');
    await expect(
      seeded.writer.query('SELECT oltp.set_order_statuses($1::bigint[], $2::text[])', [[a], ['Shipped']]),
    ).rejects.toThrow(/illegal order status transition Pending -> Shipped/);
    const { rows } = await seeded.writer.query('SELECT status FROM oltp.orders WHERE order_id = $1', [a]);
    expect(rows[0].status).toBe('Pending');
  });
});
