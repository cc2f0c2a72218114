import { connect } from '@platform/db';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../db/test/support/oltp-database.js';
import { iso } from '../src/clock/sim-time.js';
import { Batch } from '../src/rows/batch.js';
import { BackfillWriter } from '../src/sink/backfill-writer.js';
import { START } from './support.js';

let db: TestDatabase;
let main: pg.Client;
let events: pg.Client;

beforeAll(async () => {
  db = await freshOltpDatabase('gen_backfill_writer');
  main = await connect(db.writer, 'writer test');
  events = await connect(db.writer, 'writer test events');
});

afterAll(async () => {
  await events?.end();
  await main?.end();
  await db?.drop();
});

const customer = (id: number) => [
  id,
  `WT${id}`,
  'Nguyễn Văn Test',
  `wt${id}@example.vn`,
  null,
  null,
  null,
  1,
  '1 Test Street',
  1,
  'loyal',
  iso(START),
  null,
];
const view = (id: number, customerId: number, productId: number) => [
  id,
  customerId,
  `S${id}`,
  'view',
  1,
  productId,
  null,
  '{}',
  iso(START),
];

async function count(sql: string): Promise<number> {
  return Number((await main.query(sql)).rows[0].n);
}

it("commits a tick's clickstream after its business rows, on the events connection", async () => {
  const writer = new BackfillWriter(main, events);
  for (let tick = 0; tick < 3; tick++) {
    // Each tick's events reference the customer registered in that same tick.
    const batch = new Batch();
    batch.add('customers', 0, customer(100 + tick));
    batch.add('activity', 0, view(1000 + tick, 100 + tick, 1));
    await writer.flush(START + (tick + 1) * 300_000, batch);
  }
  await writer.close();
  expect(await count('SELECT count(*) AS n FROM oltp.customers WHERE customer_id BETWEEN 100 AND 102')).toBe(3);
  const rows = (
    await main.query(
      'SELECT customer_id::int AS c, created_at FROM oltp.customer_activity_log WHERE activity_id >= 1000 ORDER BY 1',
    )
  ).rows;
  expect(rows.map((r) => r.c)).toEqual([100, 101, 102]);
  // Each events transaction runs on its tick's simulated clock.
  expect(rows.map((r) => (r.created_at as Date).getTime())).toEqual([1, 2, 3].map((k) => START + k * 300_000));
});

it('a failed clickstream write surfaces at close, and nothing of it is visible', async () => {
  const writer = new BackfillWriter(main, events);
  const batch = new Batch();
  batch.add('customers', 0, customer(200));
  batch.add('activity', 0, view(2000, 200, 1));
  batch.add('activity', 0, view(2001, 200, 999_999)); // no such product
  await writer.flush(START + 300_000, batch);
  await expect(writer.close()).rejects.toMatchObject({ code: '23503' });
  // The tick's business rows had committed; its events rolled back as one transaction.
  expect(await count('SELECT count(*) AS n FROM oltp.customers WHERE customer_id = 200')).toBe(1);
  expect(await count('SELECT count(*) AS n FROM oltp.customer_activity_log WHERE activity_id >= 2000')).toBe(0);
});

it('a failed business write surfaces at the next flush, and its tick writes no events', async () => {
  const writer = new BackfillWriter(main, events);
  const bad = new Batch();
  bad.add('customers', 0, customer(300));
  bad.add('customers', 0, customer(300)); // duplicate key
  bad.add('activity', 0, view(3000, 300, 1));
  await writer.flush(START + 300_000, bad);
  await expect(writer.flush(START + 600_000, new Batch())).rejects.toMatchObject({ code: '23505' });
  await expect(writer.close()).rejects.toMatchObject({ code: '23505' });
  expect(await count('SELECT count(*) AS n FROM oltp.customers WHERE customer_id = 300')).toBe(0);
  expect(await count('SELECT count(*) AS n FROM oltp.customer_activity_log WHERE activity_id >= 3000')).toBe(0);
});
