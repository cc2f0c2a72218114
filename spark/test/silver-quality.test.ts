import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../db/test/support/oltp-database.js';
import {
  appendRaw,
  currentLsn,
  genData,
  ingestAll,
  type Json,
  type Lake,
  lakeFor,
  ROOT,
  readTables,
  spark,
  sparkFailure,
  sparkSql,
} from './support/lake.js';

/**
 * Silver's data-quality rules and its resilience: rows breaking a rule are quarantined with the
 * rule's name, orphans leave quarantine when their parent arrives, an expired raw snapshot makes
 * the next run read in full without duplicates, and maintenance runs while ingestion commits.
 */

const run = promisify(execFile);
const TASKS = `${ROOT}tasks/dist/cli.js`;

let db: TestDatabase;
let lake: Lake;
let reader: pg.Client;

async function tasks(...args: string[]): Promise<Json> {
  const { stdout } = await run(process.execPath, [TASKS, ...args], { env: lake.env, timeout: 300_000 });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Json;
}

/** An order as change capture would deliver it; the columns silver and its rules look at. */
function order(id: number | null, lsn: string, changes: Json = {}): Json {
  return {
    order_id: id === null ? null : String(id),
    order_code: `DQ-${id}`,
    customer_id: '1',
    channel_id: '1',
    status: 'Pending',
    placed_at: '2025-03-03T05:00:00.000000Z',
    payment_method_id: '1',
    shipping_geo_id: '1',
    shipping_address: 'Số 1 Tràng Tiền',
    subtotal_amount: '100000.00',
    discount_amount: '0.00',
    shipping_fee: '0.00',
    total_amount: '100000.00',
    updated_at: '2025-03-03T05:00:00.000000Z',
    _op: 'insert',
    _lsn: lsn,
    ...changes,
  };
}

function byTable(result: Json): Map<unknown, Json> {
  return new Map((result.tables as Json[]).map((t) => [t.table, t]));
}

async function silverOrders(): Promise<Map<string, Json>> {
  const rows = (await readTables(lake, ['silver.orders'])).get('silver.orders') as Json[];
  expect(new Set(rows.map((r) => String(r.order_id))).size).toBe(rows.length);
  return new Map(rows.map((r) => [String(r.order_id), r]));
}

beforeAll(async () => {
  db = await freshOltpDatabase('spark_quality');
  lake = lakeFor(db.name, 'spark_quality');
  reader = new pg.Client(db.reader);
  await reader.connect();
  await genData(lake, ['--start', '2025-03-03', '--days', '1', '--customers', '300', '--seed', 'quality']);
  await ingestAll(lake);
  expect(await spark(lake, 'silver')).toMatchObject({ status: 'merged', quarantined: 0 });
}, 2_400_000);

afterAll(async () => {
  await reader?.end();
  await db?.drop();
});

describe('silver: data quality', () => {
  it('refuses an unknown table with one line and exit code 2', async () => {
    const failure = await sparkFailure(lake, 'silver', '--table', 'nope');
    expect(failure.code).toBe(2);
    expect(failure.stderr.trim().split('\n').pop()).toBe(
      'spark: unknown table "nope": it is not in the table registry',
    );
  }, 2_400_000);

  it('quarantines rows that break a rule under the rule name and counts them; one spelling per status', async () => {
    const lsn = await currentLsn(reader);
    await appendRaw(
      lake,
      'orders',
      [
        order(9_000_001, lsn, { total_amount: '-5.00', subtotal_amount: '-5.00' }),
        order(9_000_002, lsn, { status: 'Shippd' }),
        order(null, lsn),
        order(9_000_004, lsn, { status: ' DeliveryFailed ' }),
      ],
      'dq-orders',
    );
    await appendRaw(
      lake,
      'order_items',
      [
        {
          order_item_id: '9000010',
          order_id: '9000003',
          product_id: '1',
          warehouse_id: '1',
          quantity: '1',
          unit_price: '100000.00',
          discount_amount: '0.00',
          line_amount: '100000.00',
          created_at: '2025-03-03T05:00:00.000000Z',
          _op: 'insert',
          _lsn: lsn,
        },
      ],
      'dq-items',
    );
    const result = byTable(await spark(lake, 'silver', '--table', 'orders', '--table', 'order_items'));
    expect(result.get('orders')).toMatchObject({
      status: 'merged',
      upserted: 1,
      quarantined: { negative_amount: 1, null_key: 1, unknown_status: 1 },
    });
    expect(result.get('order_items')).toMatchObject({ status: 'unchanged', quarantined: { orphan_orders: 1 } });

    const tables = await readTables(lake, ['silver.orders', 'silver.dq_quarantine']);
    const orders = new Map((tables.get('silver.orders') as Json[]).map((r) => [String(r.order_id), r]));
    expect(orders.get('9000004')?.status).toBe('delivery_failed');
    expect(orders.has('9000001') || orders.has('9000002')).toBe(false);
    const held = (tables.get('silver.dq_quarantine') as Json[]).map((r) => [r.source_table, r.rule]).sort();
    expect(held).toEqual([
      ['order_items', 'orphan_orders'],
      ['orders', 'negative_amount'],
      ['orders', 'null_key'],
      ['orders', 'unknown_status'],
    ]);
  }, 2_400_000);

  it('releases an orphan once its parent is in silver', async () => {
    await appendRaw(lake, 'orders', [order(9_000_003, await currentLsn(reader))], 'dq-parent');
    const result = byTable(await spark(lake, 'silver', '--table', 'orders', '--table', 'order_items'));
    expect(result.get('order_items')).toMatchObject({ status: 'merged', upserted: 1, released: 1, quarantined: {} });
    const tables = await readTables(lake, ['silver.order_items', 'silver.dq_quarantine']);
    expect((tables.get('silver.order_items') as Json[]).some((r) => String(r.order_item_id) === '9000010')).toBe(true);
    expect((tables.get('silver.dq_quarantine') as Json[]).map((r) => r.source_table)).not.toContain('order_items');
  }, 2_400_000);

  it('reads raw in full, without duplicates, when the snapshot after its watermark was expired', async () => {
    // Two snapshots after silver's watermark; expiring all but the current one takes the first,
    // where an incremental read would have to start.
    const lsn = await currentLsn(reader);
    await appendRaw(lake, 'orders', [order(9_000_004, lsn, { status: 'Shipped' })], 'dq-later');
    await appendRaw(lake, 'orders', [order(9_000_004, lsn, { status: 'Delivered', _seq: '1' })], 'dq-latest');
    await sparkSql(lake, [
      `CALL ${lake.catalogName}.system.expire_snapshots(table => 'raw.orders', older_than => TIMESTAMP '2999-01-01 00:00:00', retain_last => 1)`,
    ]);
    const result = byTable(await spark(lake, 'silver', '--table', 'orders'));
    expect(result.get('orders')).toMatchObject({ status: 'merged', mode: 'full', upserted: 1 });
    const orders = await silverOrders();
    expect(orders.get('9000004')?.status).toBe('delivered');
    const { rows } = await reader.query('SELECT count(*)::int AS n FROM oltp.orders');
    // The source's orders, plus the appended 9000003 and 9000004.
    expect(orders.size).toBe(rows[0].n + 2);
  }, 2_400_000);
});

describe('maintenance while the TypeScript writers commit', () => {
  it('compacts and expires raw while ingestion runs commit, keeping a run in flight and every row', async () => {
    const writer = new pg.Client(db.writer);
    await writer.connect();
    const more = async (n: number) => {
      await writer.query(`SELECT set_config('app.sim_now', '2025-03-05T03:00:00Z', false)`);
      await writer.query(
        // Explicit keys: the simulator writes its own ids, so the identity sequence lags behind them.
        `INSERT INTO oltp.customer_activity_log (activity_id, customer_id, session_id, activity_type, channel_id, occurred_at)
         SELECT (SELECT max(activity_id) FROM oltp.customer_activity_log) + g, 1 + g % 50, 'mnt-${n}-' || g, 'view',
           1 + g % 5, TIMESTAMPTZ '2025-03-05T02:00:00Z' + g * interval '1 second'
         FROM generate_series(1, 200) g`,
      );
    };
    try {
      // Small files to compact: two more ingestion runs of customers before maintenance starts.
      const touch = async (n: number) => {
        await writer.query(`SELECT set_config('app.sim_now', '2025-03-05T0${3 + n}:00:00Z', false)`);
        await writer.query(`UPDATE oltp.customers SET loyalty_points = loyalty_points + ${n} WHERE customer_id <= 20`);
        expect(await tasks('ingest', '--table', 'customers', '--run-id', `touch-${n}`)).toMatchObject({
          status: 'committed',
        });
      };
      for (const n of [1, 2]) await touch(n);
      // A run in flight: extracted and loaded (its files are in the store), not yet committed.
      await more(0);
      await tasks('extract', '--table', 'customer_activity_log', '--run-id', 'in-flight');
      await tasks('load', '--table', 'customer_activity_log', '--run-id', 'in-flight');
      const maintenance = spark(lake, 'maintenance', '--namespace', 'raw', '--orphan-days', '1');
      // Appends on other tables while maintenance rewrites them.
      for (const n of [3, 4, 5]) await touch(n);
      const result = byTable(await maintenance);
      expect(result.get('raw.customers')).toMatchObject({ status: 'maintained' });
      expect((result.get('raw.customers') as Json).rewritten_data_files).toBeGreaterThan(0);
      expect(result.get('raw.customer_activity_log')).toMatchObject({ orphan_files_removed: 0 });
      expect(await tasks('commit', '--table', 'customer_activity_log', '--run-id', 'in-flight')).toMatchObject({
        status: 'committed',
        records: 200,
      });
    } finally {
      await writer.end();
    }
    const silver = byTable(await spark(lake, 'silver', '--table', 'customers', '--table', 'customer_activity_log'));
    expect(silver.get('customers')).toMatchObject({ status: 'merged', mode: 'incremental' });
    const tables = await readTables(lake, ['silver.customers', 'silver.customer_activity_log']);
    for (const [table, key] of <[string, string][]>[
      ['customers', 'customer_id'],
      ['customer_activity_log', 'activity_id'],
    ]) {
      const rows = tables.get(`silver.${table}`) as Json[];
      const { rows: source } = await reader.query(
        `SELECT count(*)::int AS n, sum(${key})::text AS s FROM oltp.${table}`,
      );
      expect(rows.length, table).toBe(source[0].n);
      expect(rows.reduce((sum, r) => sum + BigInt(String(r[key])), 0n).toString(), table).toBe(source[0].s);
    }
    const points = (tables.get('silver.customers') as Json[]).find((r) => String(r.customer_id) === '1');
    const { rows: one } = await reader.query(
      'SELECT loyalty_points::text AS p FROM oltp.customers WHERE customer_id = 1',
    );
    expect(String(points?.loyalty_points)).toBe(one[0].p);
  }, 2_400_000);

  it('removes the files of an ingestion run that never committed, and nothing the table references', async () => {
    const writer = new pg.Client(db.writer);
    await writer.connect();
    try {
      await writer.query(`SELECT set_config('app.sim_now', '2025-03-06T03:00:00Z', false)`);
      await writer.query(`UPDATE oltp.customers SET loyalty_points = loyalty_points + 1 WHERE customer_id <= 5`);
    } finally {
      await writer.end();
    }
    await tasks('extract', '--table', 'customers', '--run-id', 'dead');
    await tasks('load', '--table', 'customers', '--run-id', 'dead');
    const result = byTable(await spark(lake, 'maintenance', '--table', 'raw.customers', '--orphan-days', '0'));
    expect((result.get('raw.customers') as Json).orphan_files_removed).toBeGreaterThan(0);
    const raw = (await readTables(lake, ['raw.customers'])).get('raw.customers') as Json[];
    expect(raw.filter((r) => r._batch_id === 'dead')).toEqual([]);
    const ingested = await tasks('ingest', '--table', 'customers', '--run-id', 'after-dead');
    expect(ingested).toMatchObject({ status: 'committed', records: 5 });
  }, 2_400_000);
});
