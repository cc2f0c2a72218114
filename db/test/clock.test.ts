import { beforeAll, describe, expect, it } from 'vitest';
import { insertCustomer, insertOrder, setStatus, TO_DELIVERED } from './fixtures.js';
import { seededDatabase } from './support/seeded-database.js';

const seeded = seededDatabase('clock');

const SIM = '2025-03-01T10:00:00+07';
const SIM_ISO = '2025-03-01T03:00:00.000Z';
const LATER_ISO = '2025-03-02T03:00:00.000Z';

beforeAll(async () => {});

const iso = (value: unknown) => (value as Date).toISOString();

describe('simulated clock', () => {
  it('stamps every database-made time from app.sim_now', async () => {
    await seeded.writer.query(`SET app.sim_now = '${SIM}'`);
    const customerId = await insertCustomer(seeded.writer);
    const orderId = await insertOrder(seeded.writer, { customerId });
    const { rows } = await seeded.writer.query(
      `SELECT c.created_at AS c_created, c.updated_at AS c_updated, c.registered_at, o.placed_at, o.created_at,
              o.updated_at, h.changed_at, h.created_at AS h_created
       FROM oltp.orders o JOIN oltp.customers c USING (customer_id) JOIN oltp.order_status_history h USING (order_id)
       WHERE o.order_id = $1`,
      [orderId],
    );
    expect(Object.values(rows[0]).map(iso)).toEqual(Array(8).fill(SIM_ISO));

    await seeded.writer.query(`SET app.sim_now = '2025-03-02T10:00:00+07'`);
    await setStatus(seeded.writer, orderId, ...TO_DELIVERED, 'Completed');
    const after = await seeded.writer.query(
      `SELECT o.updated_at, o.completed_at, max(h.changed_at) AS last_change
       FROM oltp.orders o JOIN oltp.order_status_history h USING (order_id) WHERE o.order_id = $1
       GROUP BY o.order_id`,
      [orderId],
    );
    expect(Object.values(after.rows[0]).map(iso)).toEqual([LATER_ISO, LATER_ISO, LATER_ISO]);
  });

  it('follows a transaction-local setting too', async () => {
    await seeded.writer.query('BEGIN');
    await seeded.writer.query(`SELECT set_config('app.sim_now', '2024-12-31T23:00:00Z', true)`);
    const { rows } = await seeded.writer.query('SELECT oltp.clock_now() AS t');
    await seeded.writer.query('COMMIT');
    expect(iso(rows[0].t)).toBe('2024-12-31T23:00:00.000Z');
  });

  it('falls back to now() when the setting is absent or empty', async () => {
    for (const reset of ['RESET app.sim_now', `SET app.sim_now = ''`]) {
      await seeded.writer.query(reset);
      const customerId = await insertCustomer(seeded.writer);
      const { rows } = await seeded.writer.query(
        `SELECT created_at, updated_at, now() AS db_now FROM oltp.customers WHERE customer_id = $1`,
        [customerId],
      );
      for (const stamp of [rows[0].created_at, rows[0].updated_at] as Date[]) {
        expect(Math.abs(stamp.getTime() - (rows[0].db_now as Date).getTime())).toBeLessThan(10_000);
      }
    }
  });

  it('moves updated_at only when a row really changes', async () => {
    await seeded.writer.query(`SET app.sim_now = '${SIM}'`);
    const customerId = await insertCustomer(seeded.writer);
    await seeded.writer.query(`SET app.sim_now = '2026-01-01T00:00:00Z'`);
    await seeded.writer.query('UPDATE oltp.customers SET full_name = full_name WHERE customer_id = $1', [customerId]);
    const same = await seeded.writer.query('SELECT updated_at FROM oltp.customers WHERE customer_id = $1', [
      customerId,
    ]);
    expect(iso(same.rows[0].updated_at)).toBe(SIM_ISO);
    await seeded.writer.query(`UPDATE oltp.customers SET full_name = 'Renamed' WHERE customer_id = $1`, [customerId]);
    const changed = await seeded.writer.query('SELECT updated_at FROM oltp.customers WHERE customer_id = $1', [
      customerId,
    ]);
    expect(iso(changed.rows[0].updated_at)).toBe('2026-01-01T00:00:00.000Z');
    await seeded.writer.query('RESET app.sim_now');
  });
});

describe('updates that change nothing', () => {
  it('write no new row version (ingestion would see one), while a real change moves updated_at', async () => {
    await seeded.writer.query(`SET app.sim_now = '${SIM}'`);
    const customerId = await insertCustomer(seeded.writer);
    const version = async () =>
      (
        await seeded.writer.query('SELECT xmin::text AS xmin, updated_at FROM oltp.customers WHERE customer_id = $1', [
          customerId,
        ])
      ).rows[0];
    const before = await version();
    await seeded.writer.query(`SET app.sim_now = '${LATER_ISO}'`);
    const noop = await seeded.writer.query(
      'UPDATE oltp.customers SET loyalty_points = loyalty_points WHERE customer_id = $1',
      [customerId],
    );
    expect(noop.rowCount).toBe(0);
    expect(await version()).toEqual(before);
    await seeded.writer.query('UPDATE oltp.customers SET loyalty_points = loyalty_points + 1 WHERE customer_id = $1', [
      customerId,
    ]);
    const after = await version();
    expect(after.xmin).not.toBe(before.xmin);
    expect(iso(after.updated_at)).toBe(LATER_ISO);
  });
});
