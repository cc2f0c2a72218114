import { beforeAll, describe, expect, it } from 'vitest';
import { insertCustomer, insertOrder, REF, setStock } from './fixtures.js';
import { seededDatabase } from './support/seeded-database.js';

const seeded = seededDatabase('review_cart');
let customerId: string;
const [P1, P2] = REF.products;
const [W1, W2] = REF.warehouses;

beforeAll(async () => {
  customerId = await insertCustomer(seeded.writer);
});

describe('product reviews', () => {
  const review = (customer: string, productId: number, orderId: string) =>
    seeded.writer.query(
      `INSERT INTO oltp.product_review (customer_id, product_id, channel_id, order_id, rating, title)
       VALUES ($1, $2, $3, $4, 5, 'Great')`,
      [customer, productId, REF.channel, orderId],
    );

  it('needs an order of that customer containing the product', async () => {
    const orderId = await insertOrder(seeded.writer, { customerId, productId: P1 });
    await expect(review(customerId, P2, orderId)).rejects.toThrow(
      new RegExp(
        `^review by customer ${customerId} of product ${P2} must reference an order of that customer containing it \\(order ${orderId}\\)$`,
      ),
    );
    const stranger = await insertCustomer(seeded.writer);
    await expect(review(stranger, P1, orderId)).rejects.toMatchObject({ code: 'EC006' });
    await review(customerId, P1, orderId);
  });

  it('allows one review per customer, product and channel', async () => {
    const orderId = await insertOrder(seeded.writer, { customerId, productId: P2 });
    await review(customerId, P2, orderId);
    await expect(review(customerId, P2, orderId)).rejects.toThrow(/product_review_one_per_customer_product_channel/);
  });
});

describe('carts', () => {
  async function newCart(): Promise<string> {
    const { rows } = await seeded.writer.query(
      'INSERT INTO oltp.cart (customer_id, channel_id) VALUES ($1, $2) RETURNING cart_id',
      [customerId, REF.channel],
    );
    return rows[0].cart_id as string;
  }
  const addItem = (cartId: string, productId: number, quantity: number, discount = 0) =>
    seeded.writer.query(
      `INSERT INTO oltp.cart_items (cart_id, product_id, quantity, unit_price, discount_amount)
       VALUES ($1, $2, $3, 100000, $4) RETURNING amount`,
      [cartId, productId, quantity, discount],
    );
  /** The simulator's checkout: the order names its cart, the cart its order, in one transaction. */
  async function checkOut(cartId: string): Promise<void> {
    await seeded.writer.query('BEGIN');
    try {
      const orderId = await insertOrder(seeded.writer, { customerId });
      await seeded.writer.query('UPDATE oltp.orders SET cart_id = $1 WHERE order_id = $2', [cartId, orderId]);
      await seeded.writer.query(`UPDATE oltp.cart SET status = 'checked_out', order_id = $2 WHERE cart_id = $1`, [
        cartId,
        orderId,
      ]);
      await seeded.writer.query('COMMIT');
    } catch (error) {
      await seeded.writer.query('ROLLBACK');
      throw error;
    }
  }

  it('expires seven days after the last activity, whatever the seeded.writer says', async () => {
    const { rows } = await seeded.writer.query(
      `INSERT INTO oltp.cart (customer_id, channel_id, last_activity_at, expires_at)
       VALUES ($1, $2, '2025-03-01T10:00:00Z', '2099-01-01Z') RETURNING cart_id, expires_at`,
      [customerId, REF.channel],
    );
    expect((rows[0].expires_at as Date).toISOString()).toBe('2025-03-08T10:00:00.000Z');
    await seeded.writer.query(`UPDATE oltp.cart SET last_activity_at = '2025-03-02T10:00:00Z' WHERE cart_id = $1`, [
      rows[0].cart_id,
    ]);
    const after = await seeded.writer.query('SELECT expires_at FROM oltp.cart WHERE cart_id = $1', [rows[0].cart_id]);
    expect((after.rows[0].expires_at as Date).toISOString()).toBe('2025-03-09T10:00:00.000Z');
  });

  it('refuses to check out an empty cart', async () => {
    const cartId = await newCart();
    await expect(checkOut(cartId)).rejects.toThrow(
      new RegExp(`^cart ${cartId} cannot be checked out: it has no items$`),
    );
  });

  it('refuses to check out more than the stock of all warehouses together', async () => {
    await setStock(seeded.writer, P1, W1, 2);
    await setStock(seeded.writer, P1, W2, 1);
    const cartId = await newCart();
    await addItem(cartId, P1, 4);
    await expect(checkOut(cartId)).rejects.toThrow(
      new RegExp(`^cart ${cartId} cannot be checked out: product ${P1} has only 3 units in stock, cart wants 4$`),
    );
    await setStock(seeded.writer, P1, W2, 2);
    await checkOut(cartId);
    const { rows } = await seeded.writer.query('SELECT status, checked_out_at FROM oltp.cart WHERE cart_id = $1', [
      cartId,
    ]);
    expect(rows[0].status).toBe('checked_out');
    expect(rows[0].checked_out_at).toBeInstanceOf(Date);
  });

  it('keeps a finished cart finished and closed to new items', async () => {
    await setStock(seeded.writer, P2, W1, 10);
    const cartId = await newCart();
    await addItem(cartId, P2, 1);
    await checkOut(cartId);
    await expect(
      seeded.writer.query(
        `UPDATE oltp.cart SET status = 'active', order_id = NULL, checked_out_at = NULL WHERE cart_id = $1`,
        [cartId],
      ),
    ).rejects.toThrow(new RegExp(`^cart ${cartId} is checked_out and cannot become active$`));
    await expect(addItem(cartId, P1, 1)).rejects.toThrow(
      new RegExp(`^cannot change items of cart ${cartId}: it is checked_out$`),
    );

    const abandoned = await newCart();
    await seeded.writer.query(`UPDATE oltp.cart SET status = 'abandoned' WHERE cart_id = $1`, [abandoned]);
    await expect(
      seeded.writer.query(`UPDATE oltp.cart SET status = 'active' WHERE cart_id = $1`, [abandoned]),
    ).rejects.toMatchObject({
      code: 'EC007',
    });
  });

  it('requires an order exactly when checked out', async () => {
    const cartId = await newCart();
    await addItem(cartId, P2, 1);
    await expect(
      seeded.writer.query(`UPDATE oltp.cart SET status = 'checked_out' WHERE cart_id = $1`, [cartId]),
    ).rejects.toThrow(/cart_checked_out_has_order/);
  });

  it('expires only once its expiry time has passed on the clock', async () => {
    const cartId = await newCart();
    await expect(
      seeded.writer.query(`UPDATE oltp.cart SET status = 'expired' WHERE cart_id = $1`, [cartId]),
    ).rejects.toThrow(new RegExp(`^cart ${cartId} cannot expire before`));
    await seeded.writer.query(`SELECT set_config('app.sim_now', (now() + interval '8 days')::text, false)`);
    await seeded.writer.query(`UPDATE oltp.cart SET status = 'expired' WHERE cart_id = $1`, [cartId]);
    await seeded.writer.query('RESET app.sim_now');
  });

  it('computes item amounts and refuses a negative one', async () => {
    const cartId = await newCart();
    const { rows } = await addItem(cartId, P1, 2, 50_000);
    expect(rows[0].amount).toBe('150000.00');
    await expect(addItem(cartId, P2, 1, 100_001)).rejects.toThrow(/cart_items_amount_not_negative/);
  });
});
