import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadSettings } from '@platform/config';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../../db/test/support/oltp-database.js';
import { FAULT_PAUSE_VARIABLE, type FaultPoint } from '../../src/fault-points.js';
import { artifactUri } from '../../src/handoff/run-artifacts.js';
import type { JdbcCatalog } from '../../src/iceberg/catalog/jdbc-catalog.js';
import { decodeManifest } from '../../src/iceberg/manifest.js';
import { decodeManifestList } from '../../src/iceberg/manifest-list.js';
import type { PrimitiveType } from '../../src/iceberg/schema.js';
import { fromBytes } from '../../src/iceberg/single-value.js';
import { ancestry, currentSchema, currentSnapshot, defaultSpec } from '../../src/iceberg/table-metadata.js';
import { createTable } from '../../src/iceberg/transaction/create-table.js';
import { withCatalog } from '../../src/lake/platform-catalog.js';
import { loadRegistry } from '../../src/registry/table-registry.js';
import { killAt as killAtPoint } from '../support/kill-at.js';
import { type Json, readTableWithPyIceberg, readWithPyIceberg, readWithSpark } from '../support/lake-readers.js';
import { canonical, inKeyOrder, pgRows } from '../support/source-rows.js';

/**
 * The ingestion CLI end to end, as Airflow and people run it: compiled, one process per step,
 * against the real PostgreSQL, MinIO and JDBC catalog, with Spark and PyIceberg as readers. Every
 * test has its own OLTP database and its own catalog, and sets up all it asserts on.
 */

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const APPEND_ONE = fileURLToPath(new URL('./append-one-file.mjs', import.meta.url));

/** Text that COPY escapes (tab, CR, LF, backslash, \b, \f, \v), text that looks like an octal escape, raw control and astral characters. */
const TRICKY_TEXT = `'tab' || chr(9) || 'cr' || chr(13) || 'lf' || chr(10) || 'crlf' || chr(13) || chr(10)
  || 'bs\\' || chr(8) || 'ff' || chr(12) || 'vt' || chr(11) || ' \\101 \\x41 \\N ' || chr(1) || ' 😀 𝄞 Đường'`;

/** One test's world: a fresh OLTP database, a catalog of its own, and the CLI pointed at both. */
interface Lake {
  db: TestDatabase;
  env: NodeJS.ProcessEnv;
  catalogName: string;
  writer: pg.Client;
  reader: pg.Client;
}

async function newLake(label: string): Promise<Lake> {
  const db = await freshOltpDatabase(`ingest_${label}`);
  const catalogName = `ingest_${label}_${process.pid}`;
  const env = { ...process.env, OLTP_DATABASE: db.name, ICEBERG_CATALOG_NAME: catalogName };
  const writer = new pg.Client(db.writer);
  const reader = new pg.Client(db.reader);
  await Promise.all([writer.connect(), reader.connect()]);
  onTestFinished(async () => {
    await writer.end();
    await reader.end();
    await db.drop();
  });
  return { db, env, catalogName, writer, reader };
}

async function simNow(lake: Lake, at: string): Promise<void> {
  await lake.writer.query(`SELECT set_config('app.sim_now', $1, false)`, [at]);
}

/** 200 customers (ids 1-200) at the writer's clock: Vietnamese names, nulls, and text COPY must escape. */
async function seedCustomers(lake: Lake): Promise<void> {
  await lake.writer.query(`
    INSERT INTO oltp.customers (customer_id, customer_code, full_name, email, phone, gender, birth_date, geo_id,
      address_line, registered_channel_id, persona, device_fingerprint, registered_at)
    SELECT g, 'CUS-' || g,
           CASE WHEN g % 3 = 0 THEN 'Nguyễn Thị Hồng ' || g ELSE 'Trần Văn Đức ' || g END,
           'c' || g || '@example.vn',
           CASE WHEN g % 4 = 0 THEN NULL ELSE '+84 90' || lpad(g::text, 7, '0') END,
           CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END,
           CASE WHEN g % 5 = 0 THEN NULL ELSE DATE '1990-01-01' + g END,
           1 + g % 1000, g || ' Đường Lê Lợi, ' || ${TRICKY_TEXT}, 1 + g % 5, 'loyal',
           CASE WHEN g % 7 = 0 THEN NULL ELSE md5(g::text) END,
           TIMESTAMPTZ '2024-01-01T00:00:00Z' + ((g * 7919) % 200) * interval '1 hour 1 minute 1.5 seconds'
    FROM generate_series(1, 200) g`);
}

/** `count` activity rows, one every 97 s from `from`, across day partitions; escaped text in queries and JSON. */
async function seedActivity(lake: Lake, count: number, from: string): Promise<void> {
  await lake.writer.query(
    `INSERT INTO oltp.customer_activity_log (customer_id, session_id, activity_type, channel_id, product_id,
       search_query, metadata, occurred_at)
     SELECT NULL, 's' || (g / 7), CASE WHEN g % 5 = 0 THEN 'search' ELSE 'view' END, 1 + g % 5,
            CASE WHEN g % 5 = 0 THEN NULL ELSE 1 + g % 500 END,
            CASE WHEN g % 5 = 0 THEN 'điện thoại ' || g || ' ' || ${TRICKY_TEXT} END,
            jsonb_build_object('device', CASE WHEN g % 2 = 0 THEN 'mobile' ELSE 'desktop' END, 'n', g,
              'vi', 'Hà Nội', 'raw', ${TRICKY_TEXT}),
            $1::timestamptz + (g * interval '97 seconds')
     FROM generate_series(1, $2::int) g`,
    [from, count],
  );
}

/** A lake whose raw.customer_activity_log holds one committed run (300 rows from 2025-02-27, at 03:00 on 03-01). */
async function activityIngestedOnce(label: string): Promise<Lake> {
  const lake = await newLake(label);
  await moreActivity(lake, '2025-03-01T03:00:00Z', 300, '2025-02-27T00:00:00Z');
  await cli(lake, 'ingest', ...ACTIVITY, '--run-id', 'first');
  return lake;
}

/** `count` more activity rows written at `at` (the cursor), occurring from `from`. */
async function moreActivity(lake: Lake, at: string, count: number, from: string): Promise<void> {
  await simNow(lake, at);
  await seedActivity(lake, count, from);
}

const ACTIVITY = ['--table', 'customer_activity_log'];

/** These tests are the cursor mode's (change capture has its own file): extract and ingest run in it. */
function cursorMode(args: string[]): string[] {
  return ['extract', 'ingest'].includes(args[0] as string) && !args.includes('--mode')
    ? [...args, '--mode', 'cursor']
    : args;
}

async function cli(lake: Lake, ...args: string[]): Promise<Json> {
  const { stdout } = await run(process.execPath, [CLI, ...cursorMode(args)], { env: lake.env, timeout: 120_000 });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Json;
}

async function cliFailure(
  lake: Lake,
  args: string[],
  extra: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, [CLI, ...cursorMode(args)], { env: { ...lake.env, ...extra }, timeout: 60_000 });
  } catch (error) {
    return error as { code: number; stderr: string };
  }
  throw new Error(`tasks ${args.join(' ')} unexpectedly succeeded`);
}

function killAt(lake: Lake, point: FaultPoint, args: string[]) {
  return killAtPoint(CLI, lake.env, point, cursorMode(args));
}

async function sourceCount(lake: Lake, table: string, where = 'true'): Promise<number> {
  const { rows } = await lake.reader.query(`SELECT count(*)::int AS n FROM oltp.${table} WHERE ${where}`);
  return rows[0].n as number;
}

function loadRaw(lake: Lake, name: string) {
  return withCatalog(loadSettings(lake.env), async (c) => (await c.loadTable({ namespace: 'raw', name })).metadata);
}

/**
 * Filtered reads: a predicate on a timestamptz, a date, an int and a string column, each cutting
 * through the value range of a data file, so that a reader skipping files by wrong column bounds
 * returns fewer rows than the source has.
 */
const FILTERS = [
  {
    table: 'customer_activity_log',
    source: `occurred_at >= TIMESTAMPTZ '2025-02-28T12:00:00Z'`,
    spark: `occurred_at >= TIMESTAMP '2025-02-28 12:00:00'`,
    pyiceberg: `occurred_at >= '2025-02-28T12:00:00+00:00'`,
  },
  {
    table: 'customers',
    source: `birth_date >= DATE '1990-04-01'`,
    spark: `birth_date >= DATE '1990-04-01'`,
    pyiceberg: `birth_date >= '1990-04-01'`,
  },
  { table: 'customers', source: 'geo_id < 100', spark: 'geo_id < 100', pyiceberg: 'geo_id < 100' },
  {
    // Iceberg orders strings by their UTF-8 bytes: the source compares in the C collation to match.
    table: 'customers',
    source: `full_name COLLATE "C" >= 'Trần Văn Đức 5'`,
    spark: `full_name >= 'Trần Văn Đức 5'`,
    pyiceberg: `full_name >= 'Trần Văn Đức 5'`,
  },
] as const;

describe('tasks CLI: bad input', () => {
  it('refuses an unknown table, an unreachable database and a malformed fault pause with one line', async () => {
    const lake = await newLake('bad_input');
    const unknown = await cliFailure(lake, ['ingest', '--table', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('tasks: unknown table "nope": it is not in the table registry\n');
    const unreachable = await cliFailure(lake, ['ingest', '--table', 'customers'], { PG_PORT: '1' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^tasks: cannot connect to 127\.0\.0\.1:1: connection refused\n$/);
    const usage = await cliFailure(lake, ['ingest', '--table', 'customers', '--all']);
    expect(usage.code).toBe(2);
    const pause = await cliFailure(lake, ['ingest', '--table', 'customers'], {
      [FAULT_PAUSE_VARIABLE]: 'commit.befor-cas:10',
    });
    expect(pause.code).toBe(2);
    expect(pause.stderr).toMatch(/^tasks: TASKS_FAULT_PAUSE must be <point>:<ms>.*"commit\.befor-cas:10"\n$/);
    const [status] = (await cli(lake, 'status', '--table', 'customers')) as unknown as Json[];
    expect(status).toMatchObject({ table: 'customers', created: false });
  }, 300_000);
});

describe('tasks CLI: ingestion', () => {
  const tables = ['customers', 'customer_activity_log', 'product', 'order_channel'];
  const keys: Record<string, string> = {
    customers: 'customer_id',
    customer_activity_log: 'activity_id',
    product: 'product_id',
    order_channel: 'channel_id',
  };

  it('commits every table; Spark and PyIceberg read the source value for value, whole and filtered', async () => {
    const lake = await newLake('engines');
    await simNow(lake, '2025-03-01T03:00:00Z');
    await seedCustomers(lake);
    await seedActivity(lake, 3000, '2025-02-27T00:00:00Z');
    for (const table of tables) {
      const out = await cli(lake, 'ingest', '--table', table, '--run-id', `first-${table}`);
      expect(out).toMatchObject({ step: 'commit', status: 'committed', records: await sourceCount(lake, table) });
    }
    const catalog = lake.catalogName;
    const spark = await readWithSpark(
      lake.env,
      tables.map((t) => `raw.${t}`),
      { queries: FILTERS.map((f) => `SELECT count(*) AS n FROM ${catalog}.raw.${f.table} WHERE ${f.spark}`) },
    );
    const reads = await readWithPyIceberg(lake.env, [
      ...tables.map((t) => ({ table: `raw.${t}` })),
      ...FILTERS.map((f) => ({ table: `raw.${f.table}`, filter: f.pyiceberg })),
    ]);
    for (const [i, table] of tables.entries()) {
      const source = await pgRows(lake.reader, table, keys[table] as string);
      const sparkRows = spark.tables.get(`raw.${table}`) as Json[];
      expect(inKeyOrder(sparkRows, source.columns), `Spark ${table}`).toEqual(source.rows);
      const py = reads[i] as NonNullable<(typeof reads)[0]>;
      expect(inKeyOrder(py.rows, source.columns), `PyIceberg ${table}`).toEqual(source.rows);
      // The change-log columns agree between the engines too.
      expect(new Set(sparkRows.map((r) => r._batch_id))).toEqual(new Set([`first-${table}`]));
      expect(new Set(py.rows.map((r) => `${r._op}@${r._batch_id}`))).toEqual(new Set([`snapshot@first-${table}`]));
    }
    for (const [i, filter] of FILTERS.entries()) {
      const expected = await sourceCount(lake, filter.table, filter.source);
      expect(expected, filter.source).toBeGreaterThan(0);
      expect(expected, filter.source).toBeLessThan(await sourceCount(lake, filter.table));
      expect(Number(spark.queries[i]?.[0]?.n), `Spark: ${filter.spark}`).toBe(expected);
      expect(reads[tables.length + i]?.rows.length, `PyIceberg: ${filter.pyiceberg}`).toBe(expected);
    }
  }, 900_000);

  it('records the lower and upper bound of every column type the registry uses', async () => {
    const lake = await newLake('bounds');
    await simNow(lake, '2025-03-01T03:00:00Z');
    await seedCustomers(lake);
    // Unpartitioned tables: one data file holds every row, so its bounds are the source's min and max.
    const bounded = ['customers', 'product', 'order_channel'];
    for (const table of bounded) await cli(lake, 'ingest', '--table', table, '--run-id', `bounds-${table}`);
    const checked = new Set<string>();
    // Types seen with a lower bound below the upper one: only there would swapped bounds show.
    const spread = new Set<string>();
    await withCatalog(loadSettings(lake.env), async (catalog) => {
      for (const table of bounded) {
        const { metadata } = await catalog.loadTable({ namespace: 'raw', name: table });
        const schema = currentSchema(metadata);
        const lists = decodeManifestList(await catalog.io.get(currentSnapshot(metadata)?.['manifest-list'] as string));
        const entries = decodeManifest(
          await catalog.io.get(lists[0]?.manifestPath as string),
          schema,
          defaultSpec(metadata),
        );
        expect(entries, table).toHaveLength(1);
        const file = entries[0]?.dataFile as NonNullable<(typeof entries)[0]>['dataFile'];
        for (const field of schema.fields) {
          if (field.name.startsWith('_')) continue;
          const type = field.type as PrimitiveType;
          const expected = await sourceBounds(lake, table, field.name, type);
          if (expected === undefined) continue; // every value NULL: no bounds
          const lower = fromBytes(type, file.lowerBounds?.get(field.id) as Buffer);
          const upper = fromBytes(type, file.upperBounds?.get(field.id) as Buffer);
          expect([String(lower), String(upper)], `${table}.${field.name} (${type})`).toEqual(expected);
          const kind = type.startsWith('decimal') ? 'decimal' : type;
          checked.add(kind);
          if (expected[0] !== expected[1]) spread.add(kind);
        }
      }
    });
    expect([...checked].sort()).toEqual(await registryTypes(lake));
    expect([...spread].sort()).toEqual([...checked].sort());
  }, 900_000);

  it('takes only new and changed rows next time; a committed run id commits nothing again', async () => {
    const lake = await newLake('incremental');
    await simNow(lake, '2025-03-01T03:00:00Z');
    await seedCustomers(lake);
    expect(await cli(lake, 'ingest', '--table', 'customers', '--run-id', 'first')).toMatchObject({ records: 200 });
    await simNow(lake, '2025-03-01T05:00:00Z');
    await lake.writer.query(`UPDATE oltp.customers SET loyalty_points = loyalty_points + 10 WHERE customer_id <= 10`);
    // Updates that change nothing are not changes: they must not reach the lake again.
    await lake.writer.query(`UPDATE oltp.customers SET persona = persona WHERE customer_id > 100`);
    await lake.writer.query(`
      INSERT INTO oltp.customers (customer_id, customer_code, full_name, email, geo_id, address_line, registered_channel_id, persona)
      SELECT g, 'CUS-' || g, 'Lê Minh ' || g, 'n' || g || '@example.vn', 5, 'Ngõ 1', 2, 'one_off' FROM generate_series(201, 205) g`);
    const second = await cli(lake, 'ingest', '--table', 'customers', '--run-id', 'second');
    expect(second).toMatchObject({ status: 'committed', records: 15, watermark: '2025-03-01 05:00:00+00' });
    expect(await cli(lake, 'commit', '--table', 'customers', '--run-id', 'second')).toMatchObject({
      status: 'already-committed',
      records: 0,
    });
    const [status] = (await cli(lake, 'status', '--table', 'customers')) as unknown as Json[];
    expect(status).toMatchObject({ snapshots: 2, records: 200 + 15, data_files: 2 });
  }, 300_000);

  it('captures a transaction that commits late with an older cursor value, exactly once', async () => {
    const lake = await newLake('late');
    await simNow(lake, '2025-03-01T05:00:00Z');
    await seedCustomers(lake);
    expect(await cli(lake, 'ingest', '--table', 'customers', '--run-id', 'first')).toMatchObject({
      records: 200,
      watermark: '2025-03-01 05:00:00+00',
    });
    const late = new pg.Client(lake.db.writer);
    await late.connect();
    try {
      await late.query('BEGIN');
      // Four minutes before the committed watermark, inside the 10-minute overlap.
      await late.query(`SELECT set_config('app.sim_now', '2025-03-01T04:56:00Z', true)`);
      await late.query(`INSERT INTO oltp.customers (customer_id, customer_code, full_name, email, geo_id, address_line,
        registered_channel_id, persona) VALUES (300, 'CUS-300', 'Phạm Thu Trang', 'late@example.vn', 7, 'Hẻm 3', 3, 'regular')`);
      expect(await cli(lake, 'ingest', '--table', 'customers', '--run-id', 'while-open')).toMatchObject({
        status: 'nothing-to-commit',
        records: 0,
      });
      await late.query('COMMIT');
    } finally {
      await late.end();
    }
    expect(await cli(lake, 'ingest', '--table', 'customers', '--run-id', 'after-commit')).toMatchObject({
      status: 'committed',
      records: 1,
    });
    expect(await cli(lake, 'ingest', '--table', 'customers', '--run-id', 'nothing-new')).toMatchObject({ records: 0 });
    const py = await readTableWithPyIceberg(lake.env, 'raw.customers');
    const versions = new Set(py.rows.map((r) => `${r.customer_id}@${canonical(r.updated_at)}`));
    expect(py.rows.length).toBe(201);
    expect(versions.size).toBe(201);
    expect(py.rows.filter((r) => r.customer_id === 300)).toHaveLength(1);
  }, 300_000);

  it('after kill -9 at every point of extract, load and commit, reruns leave one copy of each row version', async () => {
    const lake = await activityIngestedOnce('crash');
    await moreActivity(lake, '2025-03-02T01:00:00Z', 500, '2025-03-01T00:00:00Z');
    const before = await loadRaw(lake, 'customer_activity_log');
    const io = (uri: string) => withCatalog(loadSettings(lake.env), (c) => c.io.exists(uri));
    const bucket = loadSettings(lake.env).s3.bucket;

    // extract: its data files are uploaded, its result document is not.
    const extract = await killAt(lake, 'extract.after-upload', ['extract', ...ACTIVITY, '--run-id', 'crash-1']);
    expect(extract).toMatchObject({ reached: true, signal: 'SIGKILL' });
    expect(await io(artifactUri(bucket, 'raw', 'customer_activity_log', 'crash-1', 'extract'))).toBe(false);
    expect(await cli(lake, 'extract', ...ACTIVITY, '--run-id', 'crash-1')).toMatchObject({ records: 500 });

    // load: the manifest is written, load.json is not.
    const load = await killAt(lake, 'load.after-manifest', ['load', ...ACTIVITY, '--run-id', 'crash-1']);
    expect(load).toMatchObject({ reached: true, signal: 'SIGKILL' });
    expect(await io(`${before.location}/metadata/crash-1-m0.avro`)).toBe(true);
    expect(await io(artifactUri(bucket, 'raw', 'customer_activity_log', 'crash-1', 'load'))).toBe(false);
    await cli(lake, 'load', ...ACTIVITY, '--run-id', 'crash-1');

    // commit, before the compare-and-swap: nothing becomes visible.
    const beforeCas = await killAt(lake, 'commit.before-cas', ['commit', ...ACTIVITY, '--run-id', 'crash-1']);
    expect(beforeCas).toMatchObject({ reached: true, signal: 'SIGKILL' });
    const afterKill = await loadRaw(lake, 'customer_activity_log');
    expect(currentSnapshot(afterKill)?.['snapshot-id']).toBe(currentSnapshot(before)?.['snapshot-id']);

    // commit, after the swap and before its result: the run is committed, and a rerun knows it.
    const afterCas = await killAt(lake, 'commit.after-cas', ['commit', ...ACTIVITY, '--run-id', 'crash-1']);
    expect(afterCas).toMatchObject({ reached: true, signal: 'SIGKILL' });
    expect(currentSnapshot(await loadRaw(lake, 'customer_activity_log'))?.summary['ingest.run-id']).toBe('crash-1');
    expect(await cli(lake, 'commit', ...ACTIVITY, '--run-id', 'crash-1')).toMatchObject({
      status: 'already-committed',
      records: 0,
    });
    const history = [...ancestry(await loadRaw(lake, 'customer_activity_log'))];
    expect(history.filter((s) => s.summary['ingest.run-id'] === 'crash-1')).toHaveLength(1);

    // A whole run that died after load, then a new run: the dead run's files are never committed.
    await simNow(lake, '2025-03-02T02:00:00Z');
    await lake.writer.query(`INSERT INTO oltp.customer_activity_log (customer_id, session_id, activity_type, channel_id, occurred_at)
      SELECT NULL, 'd' || g, 'view', 1, TIMESTAMPTZ '2025-03-02T01:30:00Z' FROM generate_series(1, 10) g`);
    await cli(lake, 'extract', ...ACTIVITY, '--run-id', 'dead-run');
    await cli(lake, 'load', ...ACTIVITY, '--run-id', 'dead-run');
    expect(await cli(lake, 'ingest', ...ACTIVITY, '--run-id', 'next-run')).toMatchObject({ records: 10 });
    const stale = await cliFailure(lake, ['commit', ...ACTIVITY, '--run-id', 'dead-run']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /^tasks: run dead-run extracted customer_activity_log from a state another run has committed past/,
    );

    const py = await readTableWithPyIceberg(lake.env, 'raw.customer_activity_log');
    expect(py.rows.length).toBe(await sourceCount(lake, 'customer_activity_log'));
    expect(new Set(py.rows.map((r) => r.activity_id)).size).toBe(py.rows.length);
  }, 900_000);

  it('interleaves with Spark maintenance: rewrite_data_files and expire_snapshots, then TS appends again', async () => {
    const lake = await activityIngestedOnce('maintenance');
    await moreActivity(lake, '2025-03-01T04:00:00Z', 100, '2025-03-01T00:00:00Z');
    await cli(lake, 'ingest', ...ACTIVITY, '--run-id', 'second');
    const procedures = `${lake.catalogName}.system`;
    await readWithSpark(lake.env, [], {
      sql: [
        `CALL ${procedures}.rewrite_data_files(table => 'raw.customer_activity_log', options => map('min-input-files', '1', 'rewrite-all', 'true'))`,
        `CALL ${procedures}.expire_snapshots(table => 'raw.customer_activity_log', older_than => TIMESTAMP '2999-01-01 00:00:00', retain_last => 1)`,
      ],
    });
    const rewritten = await loadRaw(lake, 'customer_activity_log');
    expect(currentSnapshot(rewritten)?.summary.operation).toBe('replace');
    expect(rewritten.snapshots).toHaveLength(1);

    await simNow(lake, '2025-03-02T03:00:00Z');
    await lake.writer.query(`INSERT INTO oltp.customer_activity_log (customer_id, session_id, activity_type, channel_id, occurred_at)
      SELECT NULL, 'm' || g, 'view', 2, TIMESTAMPTZ '2025-03-02T02:30:00Z' FROM generate_series(1, 20) g`);
    expect(await cli(lake, 'ingest', ...ACTIVITY, '--run-id', 'after-maintenance')).toMatchObject({
      status: 'committed',
      records: 20,
    });
    const expected = await sourceCount(lake, 'customer_activity_log');
    const spark = await readWithSpark(lake.env, ['raw.customer_activity_log']);
    expect(spark.tables.get('raw.customer_activity_log')).toHaveLength(expected);
    const py = await readTableWithPyIceberg(lake.env, 'raw.customer_activity_log');
    expect(py.rows).toHaveLength(expected);
  }, 900_000);

  it('8 processes appending to one table at once: every append present, history linear', async () => {
    const lake = await newLake('concurrent');
    const id = { namespace: 'raw', name: 'concurrent_appends' };
    await withCatalog(loadSettings(lake.env), async (catalog) => {
      await catalog.createNamespace('raw');
      await createTable(catalog, id, {
        schema: {
          type: 'struct',
          'schema-id': 0,
          fields: [
            { id: 1, name: 'id', required: true, type: 'long' },
            { id: 2, name: 'note', required: false, type: 'string' },
          ],
        },
        spec: { 'spec-id': 0, fields: [] },
        // Eight writers on one table: more retries, shorter waits than the spec's defaults.
        properties: {
          'commit.retry.num-retries': '30',
          'commit.retry.min-wait-ms': '20',
          'commit.retry.max-wait-ms': '400',
        },
      });
    });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        run(process.execPath, [APPEND_ONE, 'raw', 'concurrent_appends', String(i + 1)], {
          env: lake.env,
          timeout: 120_000,
        }),
      ),
    );
    const outcomes = results.map((r) => JSON.parse(r.stdout.trim()) as { status: string; attempts: number });
    expect(outcomes.every((o) => o.status === 'committed')).toBe(true);
    expect(outcomes.some((o) => o.attempts > 1)).toBe(true);
    const metadata = await withCatalog(
      loadSettings(lake.env),
      async (c: JdbcCatalog) => (await c.loadTable(id)).metadata,
    );
    const chain = [...ancestry(metadata)];
    expect(chain).toHaveLength(8);
    expect(metadata.snapshots).toHaveLength(8);
    expect(chain.map((s) => s['sequence-number'])).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(currentSnapshot(metadata)?.summary['total-records']).toBe('8');
    const spark = await readWithSpark(lake.env, ['raw.concurrent_appends']);
    expect((spark.tables.get('raw.concurrent_appends') as Json[]).map((r) => Number(r.id)).sort()).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
  }, 900_000);
});

/**
 * The bounds a column's data file must carry, from the source, in the text of the decoded bound
 * (fromBytes): integers, unscaled decimals, days and micros since the epoch, booleans, strings
 * (16 code points: the lower one a prefix, the upper one with its last kept code point raised).
 */
async function sourceBounds(lake: Lake, table: string, column: string, type: PrimitiveType) {
  const c = pg.escapeIdentifier(column);
  const decimal = /^decimal\(\d+, ?(\d+)\)$/.exec(type);
  const pair = (lo: string, hi: string) => `SELECT (${lo})::text AS lo, (${hi})::text AS hi FROM oltp.${table}`;
  const sql = decimal
    ? pair(
        `round(min(${c}) * power(10::numeric, ${decimal[1]}))`,
        `round(max(${c}) * power(10::numeric, ${decimal[1]}))`,
      )
    : type === 'date'
      ? pair(`min(${c}) - DATE '1970-01-01'`, `max(${c}) - DATE '1970-01-01'`)
      : type === 'timestamptz'
        ? pair(`(extract(epoch FROM min(${c})) * 1000000)::bigint`, `(extract(epoch FROM max(${c})) * 1000000)::bigint`)
        : type === 'boolean'
          ? pair(`bool_and(${c})`, `bool_or(${c})`)
          : type === 'string'
            ? pair(`min(${c} COLLATE "C")`, `max(${c} COLLATE "C")`)
            : pair(`min(${c})`, `max(${c})`);
  const { rows } = await lake.reader.query<{ lo: string | null; hi: string | null }>(sql);
  const { lo, hi } = rows[0] as { lo: string | null; hi: string | null };
  if (lo === null || hi === null) return undefined;
  if (type === 'boolean') return [String(lo === 'true'), String(hi === 'true')];
  if (type !== 'string') return [lo.replace(/\.0+$/, ''), hi.replace(/\.0+$/, '')];
  const lower = Array.from(lo).slice(0, 16).join('');
  const chars = Array.from(hi);
  if (chars.length <= 16) return [lower, hi];
  const last = String.fromCodePoint((chars[15]?.codePointAt(0) as number) + 1);
  return [lower, chars.slice(0, 15).join('') + last];
}

/** The Iceberg types (decimals as one) of every column of every table in the registry. */
async function registryTypes(lake: Lake): Promise<string[]> {
  const { rows } = await lake.reader.query<{ type: string }>(
    `SELECT DISTINCT format_type(a.atttypid, NULL) AS type FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'oltp' AND c.relname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    [loadRegistry().tables.map((t) => t.name)],
  );
  const iceberg: Record<string, string> = {
    smallint: 'int',
    integer: 'int',
    bigint: 'long',
    numeric: 'decimal',
    boolean: 'boolean',
    date: 'date',
    'timestamp with time zone': 'timestamptz',
    text: 'string',
    character: 'string',
    'character varying': 'string',
    jsonb: 'string',
    inet: 'string',
  };
  return [...new Set(rows.map((r) => iceberg[r.type] ?? `unmapped ${r.type}`))].sort();
}
