import { loadSettings, type PostgresLogin } from '@platform/config';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, withClient } from '../src/postgres-client.js';
import { insertCustomer, insertOrder, REF } from './fixtures.js';
import { seededDatabase } from './support/seeded-database.js';

const seeded = seededDatabase('roles');
let reader: pg.Client;

beforeAll(async () => {
  reader = await connect(seeded.db.reader);
});

afterAll(async () => {
  await reader?.end();
});

describe('ecommerce_writer', () => {
  it('can write customers, orders and payments', async () => {
    const customerId = await insertCustomer(seeded.writer);
    const orderId = await insertOrder(seeded.writer, { customerId, subtotal: 100_000, shippingFee: 0 });
    await seeded.writer.query(
      `INSERT INTO oltp.payment (order_id, payment_method_id, status, amount) VALUES ($1, $2, 'paid', 100000)`,
      [orderId, REF.paymentMethod],
    );
    await seeded.writer.query(`INSERT INTO oltp.inventory (product_id, warehouse_id, quantity) VALUES (9001, 9001, 5)`);
    await seeded.writer.query('UPDATE oltp.inventory SET quantity = 4 WHERE product_id = 9001 AND warehouse_id = 9001');
  });

  it('cannot change the schema', async () => {
    await expect(seeded.writer.query('CREATE TABLE oltp.intruder (id int)')).rejects.toThrow(
      /permission denied for schema oltp/,
    );
    await expect(seeded.writer.query('CREATE TABLE public.intruder (id int)')).rejects.toThrow(
      /permission denied for schema public/,
    );
    await expect(seeded.writer.query('ALTER TABLE oltp.orders ADD COLUMN x int')).rejects.toThrow(
      /must be owner of table orders/,
    );
  });

  it('cannot truncate', async () => {
    await expect(seeded.writer.query('TRUNCATE oltp.customer_activity_log')).rejects.toThrow(
      /permission denied for table customer_activity_log/,
    );
  });

  it('can only read reference tables', async () => {
    const { rows } = await seeded.writer.query('SELECT count(*)::int AS n FROM oltp.product');
    expect(rows[0].n).toBeGreaterThan(0);
    await expect(seeded.writer.query('UPDATE oltp.product SET list_price = 1 WHERE product_id = 9001')).rejects.toThrow(
      /permission denied for table product/,
    );
    await expect(seeded.writer.query('DELETE FROM oltp.order_channel WHERE channel_id = 9001')).rejects.toThrow(
      /permission denied for table order_channel/,
    );
    await expect(
      seeded.writer.query(
        `INSERT INTO oltp.order_status_transition (from_status, to_status) VALUES ('Completed', 'Pending')`,
      ),
    ).rejects.toThrow(/permission denied for table order_status_transition/);
  });

  it('cannot read the migration history', async () => {
    await expect(seeded.writer.query('SELECT * FROM public.schema_migrations')).rejects.toThrow(
      /permission denied for table schema_migrations/,
    );
  });
});

describe('ecommerce_reader', () => {
  it('can read every table', async () => {
    const { rows } = await reader.query(
      `SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'oltp'::regnamespace AND relkind = 'r'
         AND NOT has_table_privilege('ecommerce_reader', oid, 'SELECT')`,
    );
    expect(rows[0].n).toBe(0);
    await reader.query('SELECT * FROM oltp.orders LIMIT 1');
  });

  it('cannot write anything', async () => {
    await expect(
      reader.query(`INSERT INTO oltp.fraud_label (entity_type, entity_id, fraud_pattern, scenario)
                    VALUES ('customer', 1, 'card_testing', 'test')`),
    ).rejects.toThrow(/permission denied for table fraud_label/);
    await expect(reader.query('UPDATE oltp.orders SET shipping_address = $1', ['x'])).rejects.toThrow(
      /permission denied for table orders/,
    );
    await expect(reader.query('DELETE FROM oltp.cart')).rejects.toThrow(/permission denied for table cart/);
    const { rows } = await reader.query(
      `SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'oltp'::regnamespace AND relkind = 'r'
         AND has_table_privilege('ecommerce_reader', oid, 'INSERT, UPDATE, DELETE, TRUNCATE')`,
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('other databases', () => {
  const { databases } = loadSettings().postgres;
  const to = (login: PostgresLogin, database: string): PostgresLogin => ({ ...login, database });

  it.each([
    ['seeded.writer', databases.catalog],
    ['seeded.writer', databases.airflow],
    ['reader', databases.catalog],
    ['reader', databases.airflow],
  ] as const)('refuses the %s a connection to %s', async (role, database) => {
    const login = role === 'seeded.writer' ? seeded.db.writer : seeded.db.reader;
    await expect(withClient(to(login, database), async () => undefined)).rejects.toThrow(
      /permission denied for database/,
    );
  });
});
