import { beforeAll, describe, expect, it } from 'vitest';
import { insertCustomer, insertOrder, setStatus, TO_DELIVERED } from './fixtures.js';
import { seededDatabase } from './support/seeded-database.js';

const seeded = seededDatabase('payment_refund');
let customerId: string;

beforeAll(async () => {
  customerId = await insertCustomer(seeded.writer);
});

async function pay(orderId: string, amount: number, attempt = 1, status = 'paid'): Promise<string> {
  const { rows } = await seeded.writer.query(
    `INSERT INTO oltp.payment (order_id, payment_method_id, attempt_no, status, amount, failure_reason)
     VALUES ($1, 9001, $2, $3, $4, CASE WHEN $3 = 'failed' THEN 'card declined' END) RETURNING payment_id`,
    [orderId, attempt, status, amount],
  );
  return rows[0].payment_id as string;
}

async function requestReturn(orderId: string, refund: number): Promise<string> {
  const { rows } = await seeded.writer.query(
    `INSERT INTO oltp.order_return (order_id, return_type, reason, refund_amount)
     VALUES ($1, 'refund', 'broken on arrival', $2) RETURNING return_id`,
    [orderId, refund],
  );
  return rows[0].return_id as string;
}

async function delivered(): Promise<string> {
  const orderId = await insertOrder(seeded.writer, { customerId, subtotal: 1_000_000, shippingFee: 30_000 });
  await setStatus(seeded.writer, orderId, ...TO_DELIVERED);
  return orderId;
}

describe('payment amount equals order total', () => {
  it('accepts order, items and payment written in one transaction', async () => {
    await seeded.writer.query('BEGIN');
    const orderId = await insertOrder(seeded.writer, { customerId, subtotal: 500_000, shippingFee: 20_000 });
    await pay(orderId, 520_000);
    await seeded.writer.query('COMMIT');
    const { rows } = await seeded.writer.query(`SELECT status, paid_at FROM oltp.payment WHERE order_id = $1`, [
      orderId,
    ]);
    expect(rows[0].status).toBe('paid');
    expect(rows[0].paid_at).toBeInstanceOf(Date);
  });

  it('checks at commit, so the total may be settled after the payment row', async () => {
    await seeded.writer.query('BEGIN');
    const orderId = await insertOrder(seeded.writer, { customerId, subtotal: 500_000, shippingFee: 20_000 });
    await pay(orderId, 540_000);
    await seeded.writer.query(
      'UPDATE oltp.orders SET shipping_fee = 40000, total_amount = 540000 WHERE order_id = $1',
      [orderId],
    );
    await seeded.writer.query('COMMIT');
  });

  it('refuses a payment that differs from the total', async () => {
    const orderId = await insertOrder(seeded.writer, { customerId, subtotal: 500_000, shippingFee: 20_000 });
    await expect(pay(orderId, 500_000)).rejects.toThrow(
      new RegExp(
        `^payment amount must equal order total: payment \\d+ amount 500000.00 but order ${orderId} total is 520000.00$`,
      ),
    );
    await expect(pay(orderId, 1)).rejects.toMatchObject({ code: 'EC002' });
  });

  it('refuses changing the total of an order that has a live payment, but not of one whose payment failed', async () => {
    const paid = await insertOrder(seeded.writer, { customerId, subtotal: 500_000, shippingFee: 20_000 });
    await pay(paid, 520_000);
    await expect(
      seeded.writer.query('UPDATE oltp.orders SET shipping_fee = 0, total_amount = 500000 WHERE order_id = $1', [paid]),
    ).rejects.toThrow(/payment amount must equal order total/);

    const failed = await insertOrder(seeded.writer, { customerId, subtotal: 500_000, shippingFee: 20_000 });
    await pay(failed, 520_000, 1, 'failed');
    await seeded.writer.query('UPDATE oltp.orders SET shipping_fee = 0, total_amount = 500000 WHERE order_id = $1', [
      failed,
    ]);
    await pay(failed, 500_000, 2);
  });

  it('keeps refunded_amount within the amount paid', async () => {
    const orderId = await insertOrder(seeded.writer, { customerId, subtotal: 500_000, shippingFee: 0 });
    const paymentId = await pay(orderId, 500_000);
    await expect(
      seeded.writer.query(
        `UPDATE oltp.payment SET status = 'chargeback', refunded_amount = 500001 WHERE payment_id = $1`,
        [paymentId],
      ),
    ).rejects.toThrow(/payment_refund_within_amount/);
    await seeded.writer.query(
      `UPDATE oltp.payment SET status = 'partially_refunded', refunded_amount = 100000 WHERE payment_id = $1`,
      [paymentId],
    );
  });
});

describe('returns and refunds', () => {
  it('refuses a return for an order that has not been delivered', async () => {
    const orderId = await insertOrder(seeded.writer, { customerId });
    await setStatus(seeded.writer, orderId, 'Confirmed', 'Processing', 'Packed', 'Shipped');
    await expect(requestReturn(orderId, 1000)).rejects.toThrow(
      new RegExp(`^return not allowed for order ${orderId}: it is Shipped, only Delivered or Completed orders`),
    );
  });

  it('accepts returns for Delivered and Completed orders', async () => {
    await requestReturn(await delivered(), 100_000);
    const completed = await delivered();
    await setStatus(seeded.writer, completed, 'Completed');
    await requestReturn(completed, 100_000);
  });

  it('keeps the sum of non-rejected refunds within the order total', async () => {
    const orderId = await delivered();
    const first = await requestReturn(orderId, 600_000);
    await expect(requestReturn(orderId, 600_000)).rejects.toThrow(
      new RegExp(`^refunds for order ${orderId} would total 1200000.00, more than the order total 1030000.00$`),
    );
    await expect(
      seeded.writer.query('UPDATE oltp.order_return SET refund_amount = 1030001 WHERE return_id = $1', [first]),
    ).rejects.toMatchObject({ code: 'EC003' });
    await seeded.writer.query(`UPDATE oltp.order_return SET status = 'rejected' WHERE return_id = $1`, [first]);
    await requestReturn(orderId, 1_030_000);
  });

  it('moves a return only along pending -> approved -> processing -> completed, stamping resolved_at', async () => {
    const returnId = await requestReturn(await delivered(), 50_000);
    const move = (status: string) =>
      seeded.writer.query('UPDATE oltp.order_return SET status = $2 WHERE return_id = $1', [returnId, status]);
    await expect(move('completed')).rejects.toThrow(
      new RegExp(`^illegal return status transition pending -> completed for return ${returnId}$`),
    );
    await seeded.writer.query(`SET app.sim_now = '2030-01-05T09:00:00Z'`);
    await move('approved');
    await move('processing');
    await move('completed');
    await seeded.writer.query('RESET app.sim_now');
    const { rows } = await seeded.writer.query('SELECT resolved_at FROM oltp.order_return WHERE return_id = $1', [
      returnId,
    ]);
    expect((rows[0].resolved_at as Date).toISOString()).toBe('2030-01-05T09:00:00.000Z');
    await expect(move('pending')).rejects.toThrow(/illegal return status transition completed -> pending/);
  });
});
