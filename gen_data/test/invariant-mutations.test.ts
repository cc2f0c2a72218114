import { connect } from '@platform/db';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../db/test/support/oltp-database.js';
import { DAY, iso } from '../src/clock/sim-time.js';
import { countViolations, type Invariant, invariantParameters, invariants } from '../src/report/invariants.js';
import { backfill, START } from './support.js';

/**
 * Each invariant must fire on data broken the way it guards against. The statements run as the
 * superuser with triggers off (session_replication_role = replica: no business-rule or foreign-key
 * trigger) and, where a CHECK constraint would refuse the damage, that constraint dropped: all
 * inside a transaction that is rolled back, so every mutation starts from the same clean backfill.
 * Each statement must change at least one row, or the mutation proves nothing.
 */
const MUTATIONS: Record<string, string[][]> = {
  foreign_keys: [
    // A checked-out cart whose order no longer points back at it.
    [
      `UPDATE oltp.orders SET cart_id = NULL
        WHERE cart_id = (SELECT min(cart_id) FROM oltp.cart WHERE status = 'checked_out')`,
    ],
    // A foreign key that was never validated.
    [
      'ALTER TABLE oltp.wishlist DROP CONSTRAINT wishlist_product_id_fkey',
      'ALTER TABLE oltp.wishlist ADD CONSTRAINT wishlist_product_id_fkey FOREIGN KEY (product_id) REFERENCES oltp.product NOT VALID',
    ],
  ],
  stock_not_negative: [
    [
      'ALTER TABLE oltp.inventory DROP CONSTRAINT inventory_quantity_check',
      'UPDATE oltp.inventory SET quantity = -1 WHERE (product_id, warehouse_id) = (SELECT product_id, warehouse_id FROM oltp.inventory ORDER BY 1, 2 LIMIT 1)',
    ],
    [
      'ALTER TABLE oltp.inventory_lot DROP CONSTRAINT inventory_lot_remaining_in_range',
      'UPDATE oltp.inventory_lot SET quantity_remaining = -1 WHERE lot_id = (SELECT min(lot_id) FROM oltp.inventory_lot)',
    ],
  ],
  stock_equals_lots: [
    [
      `UPDATE oltp.inventory_lot SET quantity_remaining = quantity_remaining - 1
        WHERE lot_id = (SELECT min(lot_id) FROM oltp.inventory_lot WHERE quantity_remaining > 0)`,
    ],
  ],
  stock_equals_log: [
    // Units that appear without a logged movement.
    [
      `UPDATE oltp.inventory SET quantity = quantity + 1
        WHERE (product_id, warehouse_id) = (SELECT product_id, warehouse_id FROM oltp.inventory ORDER BY 1, 2 LIMIT 1)`,
    ],
    // The sum still adds up, but one movement no longer continues from the one before it.
    [
      `UPDATE oltp.inventory_log SET quantity_before = quantity_before + 1, quantity_after = quantity_after + 1
        WHERE log_id = (SELECT max(log_id) FROM oltp.inventory_log l WHERE EXISTS (SELECT 1 FROM oltp.inventory_log e
          WHERE e.product_id = l.product_id AND e.warehouse_id = l.warehouse_id AND e.log_id < l.log_id))`,
    ],
  ],
  order_totals: [
    [
      `UPDATE oltp.order_items SET discount_amount = discount_amount + 1
        WHERE order_item_id = (SELECT min(order_item_id) FROM oltp.order_items)`,
    ],
    // An order without items.
    ['DELETE FROM oltp.order_items WHERE order_id = (SELECT min(order_id) FROM oltp.orders)'],
  ],
  payment_amounts: [
    ['UPDATE oltp.payment SET amount = amount + 1 WHERE payment_id = (SELECT min(payment_id) FROM oltp.payment)'],
    // A second settled attempt.
    [
      `INSERT INTO oltp.payment (payment_id, order_id, payment_method_id, attempt_no, status, amount, paid_at)
        SELECT (SELECT max(payment_id) + 1 FROM oltp.payment), order_id, payment_method_id, 99, 'paid', amount, paid_at
        FROM oltp.payment
        WHERE payment_id = (SELECT min(payment_id) FROM oltp.payment WHERE status = 'paid')`,
    ],
  ],
  status_history_paths: [
    // A step taken out of the middle of a history: the next step no longer continues from it.
    [
      `DELETE FROM oltp.order_status_history WHERE history_id = (SELECT min(h.history_id) FROM oltp.order_status_history h
        WHERE h.from_status IS NOT NULL AND EXISTS (SELECT 1 FROM oltp.order_status_history x
          WHERE x.order_id = h.order_id AND x.history_id > h.history_id))`,
    ],
    // A current status the history never reached.
    [
      `UPDATE oltp.orders SET status = 'Packed'
        WHERE order_id = (SELECT min(order_id) FROM oltp.orders WHERE status IN ('Confirmed', 'Processing'))`,
    ],
  ],
  completed_once: [
    [
      `INSERT INTO oltp.order_status_history (order_id, from_status, to_status, changed_at)
        SELECT order_id, 'Pending', 'Cancelled', placed_at FROM oltp.orders
        CROSS JOIN generate_series(1, 2) WHERE order_id = (SELECT min(order_id) FROM oltp.orders)`,
    ],
  ],
  customer_spend: [
    [
      'UPDATE oltp.customers SET lifetime_spend = lifetime_spend + 1 WHERE customer_id = (SELECT min(customer_id) FROM oltp.customers)',
    ],
    // The spend matches, the tier does not.
    ["UPDATE oltp.customers SET tier = 'Platinum' WHERE customer_id = (SELECT min(customer_id) FROM oltp.customers)"],
  ],
  refunds_within_totals: [
    [
      'ALTER TABLE oltp.payment DROP CONSTRAINT payment_refund_within_amount',
      'ALTER TABLE oltp.payment DROP CONSTRAINT payment_refund_matches_status',
      `UPDATE oltp.payment SET refunded_amount = amount + 1
        WHERE payment_id = (SELECT min(payment_id) FROM oltp.payment WHERE status = 'paid')`,
    ],
    // Returns that refund more than the order cost.
    [
      `INSERT INTO oltp.order_return (return_id, order_id, return_type, reason, refund_amount, requested_at)
        SELECT (SELECT coalesce(max(return_id), 0) + 1 FROM oltp.order_return), order_id, 'refund', 'defective',
          total_amount + 1, placed_at FROM oltp.orders
        WHERE order_id = (SELECT min(order_id) FROM oltp.orders)`,
    ],
  ],
  timestamps_in_window: [
    [
      `UPDATE oltp.orders SET placed_at = placed_at - interval '30 days'
        WHERE order_id = (SELECT min(order_id) FROM oltp.orders)`,
    ],
  ],
  processes_progress: [
    // The shop's clock a month on, and nothing moved: every open process is overdue.
    ["UPDATE oltp.simulation_run SET simulated_until = simulated_until + interval '30 days'"],
    // One order left in Processing for a day.
    [
      `UPDATE oltp.orders SET updated_at = (SELECT max(simulated_until) FROM oltp.simulation_run) - interval '1 day'
        WHERE order_id = (SELECT min(order_id) FROM oltp.orders WHERE status IN ('Confirmed', 'Processing', 'Packed'))`,
    ],
    // A cart still active after its expiry.
    [
      `UPDATE oltp.cart SET status = 'active',
          expires_at = (SELECT max(simulated_until) FROM oltp.simulation_run) - interval '1 hour',
          last_activity_at = (SELECT max(simulated_until) FROM oltp.simulation_run) - interval '7 days 1 hour'
        WHERE cart_id = (SELECT min(cart_id) FROM oltp.cart WHERE status = 'abandoned')`,
    ],
    // An out-of-stock alert left open after the stock came back.
    [
      `INSERT INTO oltp.stock_alert (alert_id, product_id, warehouse_id, alert_type, quantity_at_raise, raised_at)
        SELECT (SELECT coalesce(max(alert_id), 0) + 1 FROM oltp.stock_alert), product_id, warehouse_id, 'out_of_stock', 0,
          updated_at FROM oltp.inventory WHERE quantity > 0 ORDER BY product_id, warehouse_id LIMIT 1`,
    ],
  ],
  lifecycle_consistency: [
    // A cancelled order that had shipped.
    [
      `UPDATE oltp.orders SET status = 'Cancelled', cancelled_at = placed_at WHERE order_id = (SELECT min(o.order_id)
        FROM oltp.orders o JOIN oltp.shipment s USING (order_id) WHERE s.shipped_at IS NOT NULL)`,
    ],
    // A delivered order without a delivered shipment.
    [
      `UPDATE oltp.orders SET status = 'Delivered' WHERE order_id = (SELECT min(order_id) FROM oltp.orders
        WHERE status IN ('Shipped', 'Delivering'))`,
    ],
  ],
};

const DAYS = 2;
const parameters = invariantParameters({ from: iso(START), to: iso(START + DAYS * DAY) });
let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await freshOltpDatabase('gen_invariant_mutations');
  await backfill(db.writer, { customers: 500, days: DAYS, scenario: 'normal-day' });
  client = await connect(db.superuser, 'invariant mutations');
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

async function violationsAfter(
  invariant: Invariant,
  statements: string[],
): Promise<[number | undefined, number | undefined]> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL session_replication_role = replica');
    const before = await countViolations(client, invariant, parameters);
    for (const sql of statements) {
      const result = await client.query(sql);
      if (result.command !== 'ALTER') expect(result.rowCount, sql).toBeGreaterThan(0);
    }
    return [before, await countViolations(client, invariant, parameters)];
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('invariants', () => {
  it('every invariant file has a mutation', () => {
    expect(Object.keys(MUTATIONS).sort()).toEqual(
      invariants()
        .map((i) => i.name)
        .sort(),
    );
  });

  describe.each(invariants().map((i) => [i.name, i] as const))('%s', (name, invariant) => {
    it.each((MUTATIONS[name] ?? []).map((m, i) => [i + 1, m] as const))(
      'fires on mutation %i, and is zero before it',
      async (_, statements) => {
        const [before, after] = await violationsAfter(invariant, statements);
        expect(before).toBe(0);
        expect(after).toBeGreaterThan(0);
      },
    );
  });
});
