import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../db/test/support/oltp-database.js';
import {
  genData,
  ingestAll,
  type Json,
  type Lake,
  lakeFor,
  metadataLocations,
  readTables,
  runNotebooks,
  spark,
} from './support/lake.js';
import { canonicalDecimal, goldDifferences as goldDifferencesOf, oracle } from './support/oracle.js';

/**
 * The whole transformation, proven against the source: gen_data (several scenarios) -> ingestion
 * -> silver -> gold, then every gold KPI equals the same KPI computed from PostgreSQL by the
 * independent SQL of spark/test/oracle/. Late changes and deletes reach raw through change
 * capture and go through the same way.
 */

let db: TestDatabase;
let lake: Lake;
let writer: pg.Client;
let reader: pg.Client;
const goldDifferences = () => goldDifferencesOf(lake, reader);

beforeAll(async () => {
  db = await freshOltpDatabase('spark_pipeline');
  lake = lakeFor(db.name, 'spark_pipeline');
  writer = new pg.Client(db.writer);
  reader = new pg.Client(db.reader);
  await Promise.all([writer.connect(), reader.connect()]);
  const plan = join(tmpdir(), `spark-pipeline-plan-${process.pid}.json`);
  writeFileSync(
    plan,
    JSON.stringify({
      events: [
        { scenario: 'flash-sale', day: 1, at: '20:00', hours: 2 },
        { scenario: 'fraud-attack', day: 2 },
        { scenario: 'promotion-blast', day: 3 },
      ],
    }),
  );
  await genData(lake, [
    '--plan',
    plan,
    '--start',
    '2025-03-03',
    '--days',
    '4',
    '--customers',
    '600',
    '--seed',
    'oracle',
  ]);
}, 2_400_000);

afterAll(async () => {
  await writer?.end();
  await reader?.end();
  await db?.drop();
});

describe('silver and gold against the source', () => {
  it('builds every mart, and every KPI equals the one computed from PostgreSQL', async () => {
    await ingestAll(lake);
    const result = await spark(lake, 'transform');
    expect(result).toMatchObject({ job: 'transform', status: 'changed' });
    const silver = (result.silver as Json).tables as Json[];
    expect(silver.filter((t) => t.status === 'merged').length).toBeGreaterThan(20);
    expect(await goldDifferences()).toEqual([]);
  }, 2_400_000);

  it('prints the KPI summary per channel, equal to the source (ratios to their printed places)', async () => {
    const result = await spark(lake, 'summary');
    const channels = result.channels as Json[];
    const { rows, floats } = await oracle(reader, 'summary');
    const rounding: Record<string, number> = { margin: 0.5e-4, aov: 0.005 };
    expect(channels.map((c) => c.channel)).toEqual(rows.map((r) => r.channel));
    rows.forEach((want, i) => {
      for (const [column, value] of Object.entries(want)) {
        const got = (channels[i] as Json)[column];
        if (floats.has(column)) {
          expect(Math.abs(Number(got) - Number(value)), `${want.channel} ${column}`).toBeLessThanOrEqual(
            (rounding[column] as number) + 1e-9,
          );
        } else {
          expect(canonicalDecimal(got), `${want.channel} ${column}`).toBe(canonicalDecimal(value));
        }
      }
    });
  }, 2_400_000);

  it('re-running silver and gold with no new data commits nothing', async () => {
    const before = await metadataLocations(lake, ['silver', 'gold']);
    expect(before.size).toBeGreaterThan(40);
    const result = await spark(lake, 'transform');
    expect(result).toMatchObject({ status: 'unchanged' });
    expect(await metadataLocations(lake, ['silver', 'gold'])).toEqual(before);
  }, 2_400_000);

  it('late changes flow through: a delivery after the first ingestion, a removed cart item', async () => {
    const { rows: shipped } = await reader.query(
      `SELECT o.order_id::text AS id, s.shipment_id::text AS shipment, s.shipped_at
       FROM oltp.orders o JOIN oltp.shipment s USING (order_id)
       WHERE o.status = 'Shipped' ORDER BY o.order_id LIMIT 1`,
    );
    const { rows: items } = await reader.query(
      `SELECT i.cart_item_id::text AS id FROM oltp.cart_items i JOIN oltp.cart c USING (cart_id)
       WHERE c.status = 'active' ORDER BY i.cart_item_id LIMIT 1`,
    );
    const order = shipped[0] as { id: string; shipment: string };
    const item = (items[0] as { id: string }).id;
    const before = await readTables(lake, ['gold.returns', 'gold.fulfillment']);
    const deliveredBefore = (before.get('gold.fulfillment') as Json[]).reduce((n, r) => n + Number(r.delivered), 0);

    await writer.query('BEGIN');
    await writer.query(
      `SELECT set_config('app.sim_now', (SELECT max(changed_at) + interval '1 hour' FROM oltp.order_status_history)::text, true)`,
    );
    await writer.query(`SELECT oltp.set_order_statuses(ARRAY[$1, $1]::bigint[], ARRAY['Delivering', 'Delivered'])`, [
      order.id,
    ]);
    await writer.query(
      `UPDATE oltp.shipment SET status = 'delivered', delivered_at = oltp.clock_now(), attempt_count = 1
       WHERE shipment_id = $1`,
      [order.shipment],
    );
    await writer.query('DELETE FROM oltp.cart_items WHERE cart_item_id = $1', [item]);
    await writer.query('COMMIT');

    await ingestAll(lake);
    const result = await spark(lake, 'transform');
    expect(result).toMatchObject({ status: 'changed' });
    const tables = new Map(((result.silver as Json).tables as Json[]).map((t) => [t.table, t]));
    expect(tables.get('cart_items')).toMatchObject({ status: 'merged', mode: 'incremental', deleted: 1 });
    expect(tables.get('orders')).toMatchObject({ status: 'merged', mode: 'incremental' });

    const after = await readTables(lake, ['silver.orders', 'silver.cart_items', 'gold.fulfillment']);
    const versions = (after.get('silver.orders') as Json[]).filter((r) => String(r.order_id) === order.id);
    expect(versions.map((r) => r.status)).toEqual(['delivered']);
    expect((after.get('silver.cart_items') as Json[]).some((r) => String(r.cart_item_id) === item)).toBe(false);
    const deliveredAfter = (after.get('gold.fulfillment') as Json[]).reduce((n, r) => n + Number(r.delivered), 0);
    expect(deliveredAfter).toBe(deliveredBefore + 1);
    expect(await goldDifferences()).toEqual([]);
  }, 2_400_000);

  it('runs every notebook headless against the gold marts, charts included', async () => {
    const result = await runNotebooks(lake);
    const notebooks = result.notebooks as Json[];
    expect(notebooks.map((n) => n.notebook)).toEqual(['kpi_exploration.ipynb']);
    expect(notebooks[0]?.images).toBe(4);
  }, 2_400_000);
});
