import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadSettings } from '@platform/config';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../../db/test/support/oltp-database.js';
import { readTableWithPyIceberg } from '../../../tests/support/pyiceberg-reader.js';
import { catalogSettings } from '../../src/iceberg/catalog/catalog-settings.js';
import { JdbcCatalog } from '../../src/iceberg/catalog/jdbc-catalog.js';
import { S3FileIO } from '../../src/iceberg/io/s3-file-io.js';
import { ancestry, currentSnapshot } from '../../src/iceberg/table-metadata.js';

/**
 * The ingestion CLI end to end, as Airflow and people run it: compiled, one process per step,
 * against the real PostgreSQL, MinIO and JDBC catalog, with Spark and PyIceberg as readers.
 */

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SPARK_READER = fileURLToPath(new URL('../../../tests/readers/read_with_spark.py', import.meta.url));
const APPEND_ONE = fileURLToPath(new URL('./append-one-file.mjs', import.meta.url));

let db: TestDatabase;
let writer: pg.Client;
let reader: pg.Client;
let env: NodeJS.ProcessEnv;
const catalogName = `ingest_test_${process.pid}`;

type Json = Record<string, unknown>;

async function cli(...args: string[]): Promise<Json> {
  const { stdout } = await run(process.execPath, [CLI, ...args], { env, timeout: 120_000 });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Json;
}

async function cliFailure(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, [CLI, ...args], { env: { ...env, ...extra }, timeout: 60_000 });
  } catch (error) {
    return error as { code: number; stderr: string };
  }
  throw new Error(`tasks ${args.join(' ')} unexpectedly succeeded`);
}

/** Starts a step, lets it run `ms`, then kill -9; resolves with how it ended. */
function killAfter(
  ms: number,
  args: string[],
  extra: NodeJS.ProcessEnv = {},
): Promise<{ signal: string | null; code: number | null }> {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], { env: { ...env, ...extra }, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/** Any timestamp text, whatever engine printed it, as `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
function canonical(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  const ts = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|\+00:00|\+00)?$/.exec(text);
  if (ts?.[4] !== undefined) return `${ts[1]}T${ts[2]}.${(ts[3] ?? '').padEnd(6, '0')}Z`;
  return text;
}

function canonicalRow(row: Json, columns: string[]): (string | null)[] {
  return columns.map((c) => canonical(row[c]));
}

/** The source rows in the same canonical text the readers' output is brought to. */
async function pgRows(table: string, key: string): Promise<{ columns: string[]; rows: (string | null)[][] }> {
  const cols = await reader.query(
    `SELECT attname, format_type(atttypid, NULL) AS type FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [`oltp.${table}`],
  );
  const select = cols.rows.map(({ attname, type }) =>
    type === 'timestamp with time zone'
      ? `to_char(${attname} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ${attname}`
      : `${attname}::text AS ${attname}`,
  );
  const { rows } = await reader.query({
    text: `SELECT ${select.join(', ')} FROM oltp.${table} ORDER BY ${table}.${key}`,
    rowMode: 'array',
  });
  return {
    columns: cols.rows.map((r) => r.attname as string),
    rows: rows.map((r: unknown[]) => r.map((v) => (v === null ? null : String(v)))),
  };
}

async function readWithSpark(tables: string[], sql: string[] = []): Promise<Map<string, Json[]>> {
  const args = [SPARK_READER, ...tables.map((t) => `raw.${t}`), ...sql.flatMap((s) => ['--sql', s])];
  const { stdout } = await run('bash', [`${ROOT}scripts/python.sh`, 'spark', ...args], {
    env,
    timeout: 300_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const out = new Map<string, Json[]>(tables.map((t) => [t, []]));
  for (const line of stdout.trim().split('\n')) {
    if (!line) continue;
    const { table, row } = JSON.parse(line) as { table: string; row: Json };
    out.get(table.replace(/^raw\./, ''))?.push(row);
  }
  return out;
}

function readWithPyIceberg(table: string): Promise<{ rows: Json[]; snapshots: Json[] }> {
  return readTableWithPyIceberg(env, `raw.${table}`);
}

async function withCatalog<T>(work: (catalog: JdbcCatalog) => Promise<T>): Promise<T> {
  const settings = loadSettings(env);
  const catalog = JdbcCatalog.connect(catalogSettings(settings), S3FileIO.fromSettings(settings));
  try {
    return await work(catalog);
  } finally {
    await catalog.close();
  }
}

async function sourceCount(table: string): Promise<number> {
  const { rows } = await reader.query(`SELECT count(*)::int AS n FROM oltp.${table}`);
  return rows[0].n as number;
}

beforeAll(async () => {
  db = await freshOltpDatabase('ingest_cli');
  env = { ...process.env, OLTP_DATABASE: db.name, ICEBERG_CATALOG_NAME: catalogName };
  process.env.ICEBERG_CATALOG_NAME = catalogName;
  writer = new pg.Client(db.writer);
  reader = new pg.Client(db.reader);
  await Promise.all([writer.connect(), reader.connect()]);
  await writer.query(`SELECT set_config('app.sim_now', '2025-03-01T03:00:00Z', false)`);
  await writer.query(`
    INSERT INTO oltp.customers (customer_id, customer_code, full_name, email, phone, gender, birth_date, geo_id,
      address_line, registered_channel_id, persona, device_fingerprint)
    SELECT g, 'CUS-' || g,
           CASE WHEN g % 3 = 0 THEN 'Nguyễn Thị Hồng ' || g ELSE 'Trần Văn Đức ' || g END,
           'c' || g || '@example.vn',
           CASE WHEN g % 4 = 0 THEN NULL ELSE '+84 90' || lpad(g::text, 7, '0') END,
           CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END,
           CASE WHEN g % 5 = 0 THEN NULL ELSE DATE '1990-01-01' + g END,
           1 + g % 1000, g || ' Đường Lê Lợi, Phường Bến Nghé', 1 + g % 5, 'loyal',
           CASE WHEN g % 7 = 0 THEN NULL ELSE md5(g::text) END
    FROM generate_series(1, 200) g`);
  await writer.query(`
    INSERT INTO oltp.customer_activity_log (customer_id, session_id, activity_type, channel_id, product_id,
      search_query, metadata, occurred_at)
    SELECT 1 + g % 200, 's' || (g / 7), CASE WHEN g % 5 = 0 THEN 'search' ELSE 'view' END, 1 + g % 5,
           CASE WHEN g % 5 = 0 THEN NULL ELSE 1 + g % 500 END,
           CASE WHEN g % 5 = 0 THEN 'điện thoại ' || g END,
           jsonb_build_object('device', CASE WHEN g % 2 = 0 THEN 'mobile' ELSE 'desktop' END, 'n', g, 'vi', 'Hà Nội'),
           TIMESTAMPTZ '2025-02-27T00:00:00Z' + (g * interval '97 seconds')
    FROM generate_series(1, 3000) g`);
});

afterAll(async () => {
  await writer?.end();
  await reader?.end();
  await db?.drop();
});

describe('tasks CLI: bad input', () => {
  it('refuses an unknown table and an unreachable database with one line, committing nothing', async () => {
    const unknown = await cliFailure(['ingest', '--table', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('tasks: unknown table "nope": it is not in the table registry\n');
    const unreachable = await cliFailure(['ingest', '--table', 'customers'], { PG_PORT: '1' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^tasks: cannot connect to 127\.0\.0\.1:1: connection refused\n$/);
    const usage = await cliFailure(['ingest', '--table', 'customers', '--all']);
    expect(usage.code).toBe(2);
    const [status] = (await cli('status', '--table', 'customers')) as unknown as Json[];
    expect(status).toMatchObject({ table: 'customers', created: false });
  });
});

describe('tasks CLI: ingestion', () => {
  const tables = ['customers', 'customer_activity_log', 'product', 'order_channel'];
  const keys: Record<string, string> = {
    customers: 'customer_id',
    customer_activity_log: 'activity_id',
    product: 'product_id',
    order_channel: 'channel_id',
  };

  it('commits every table, and Spark and PyIceberg read exactly the source rows, every type', async () => {
    for (const table of tables) {
      const out = await cli('ingest', '--table', table, '--run-id', `first-${table}`);
      expect(out).toMatchObject({ step: 'commit', status: 'committed', records: await sourceCount(table) });
    }
    const spark = await readWithSpark(tables);
    for (const table of tables) {
      const source = await pgRows(table, keys[table] as string);
      const byKey = (rows: Json[]) =>
        rows.map((r) => canonicalRow(r, source.columns)).sort((a, b) => Number(a[0]) - Number(b[0]));
      const sparkRows = spark.get(table) as Json[];
      expect(byKey(sparkRows), `Spark ${table}`).toEqual(source.rows);
      const py = await readWithPyIceberg(table);
      expect(byKey(py.rows), `PyIceberg ${table}`).toEqual(source.rows);
      // The change-log columns agree between the engines too.
      expect(new Set(sparkRows.map((r) => r._batch_id))).toEqual(new Set([`first-${table}`]));
      expect(new Set(py.rows.map((r) => r._batch_id))).toEqual(new Set([`first-${table}`]));
    }
  }, 300_000);

  it('takes only new and changed rows next time; a committed run id commits nothing again', async () => {
    await writer.query(`SELECT set_config('app.sim_now', '2025-03-01T05:00:00Z', false)`);
    await writer.query(`UPDATE oltp.customers SET loyalty_points = loyalty_points + 10 WHERE customer_id <= 10`);
    // Updates that change nothing are not changes: they must not reach the lake again.
    await writer.query(`UPDATE oltp.customers SET persona = persona WHERE customer_id > 100`);
    await writer.query(`
      INSERT INTO oltp.customers (customer_id, customer_code, full_name, email, geo_id, address_line, registered_channel_id, persona)
      SELECT g, 'CUS-' || g, 'Lê Minh ' || g, 'n' || g || '@example.vn', 5, 'Ngõ 1', 2, 'one_off' FROM generate_series(201, 205) g`);
    const second = await cli('ingest', '--table', 'customers', '--run-id', 'second-customers');
    expect(second).toMatchObject({ status: 'committed', records: 15, watermark: '2025-03-01 05:00:00+00' });
    expect(await cli('commit', '--table', 'customers', '--run-id', 'second-customers')).toMatchObject({
      status: 'already-committed',
      records: 0,
    });
    const [status] = (await cli('status', '--table', 'customers')) as unknown as Json[];
    expect(status).toMatchObject({ snapshots: 2, records: 215, data_files: 2 });
  });

  it('captures a transaction that commits late with an older cursor value, exactly once', async () => {
    const late = new pg.Client(db.writer);
    await late.connect();
    try {
      await late.query('BEGIN');
      // Four minutes before the committed watermark, inside the 10-minute overlap.
      await late.query(`SELECT set_config('app.sim_now', '2025-03-01T04:56:00Z', true)`);
      await late.query(`INSERT INTO oltp.customers (customer_id, customer_code, full_name, email, geo_id, address_line,
        registered_channel_id, persona) VALUES (300, 'CUS-300', 'Phạm Thu Trang', 'late@example.vn', 7, 'Hẻm 3', 3, 'regular')`);
      expect(await cli('ingest', '--table', 'customers', '--run-id', 'while-open')).toMatchObject({
        status: 'nothing-to-commit',
        records: 0,
      });
      await late.query('COMMIT');
    } finally {
      await late.end();
    }
    expect(await cli('ingest', '--table', 'customers', '--run-id', 'after-commit')).toMatchObject({
      status: 'committed',
      records: 1,
    });
    expect(await cli('ingest', '--table', 'customers', '--run-id', 'nothing-new')).toMatchObject({ records: 0 });
    const py = await readWithPyIceberg('customers');
    const versions = new Set(py.rows.map((r) => `${r.customer_id}@${canonical(r.updated_at)}`));
    expect(py.rows.length).toBe(216);
    expect(versions.size).toBe(216);
    expect(py.rows.filter((r) => r.customer_id === 300)).toHaveLength(1);
  }, 120_000);

  it('after kill -9 in extract, load and commit, reruns leave exactly one copy of each row version', async () => {
    await writer.query(`SELECT set_config('app.sim_now', '2025-03-02T01:00:00Z', false)`);
    await writer.query(`
      INSERT INTO oltp.customer_activity_log (customer_id, session_id, activity_type, channel_id, product_id, metadata, occurred_at)
      SELECT 1 + g % 200, 'k' || (g / 9), 'view', 1 + g % 5, 1 + g % 500, jsonb_build_object('n', g),
             TIMESTAMPTZ '2025-03-01T00:00:00Z' + (g * interval '1 second')
      FROM generate_series(1, 150000) g`);
    const before = (await withCatalog((c) => c.loadTable({ namespace: 'raw', name: 'customer_activity_log' })))
      .metadata;

    const extract = await killAfter(400, ['extract', '--table', 'customer_activity_log', '--run-id', 'crash-1']);
    expect(extract.signal).toBe('SIGKILL');
    await cli('extract', '--table', 'customer_activity_log', '--run-id', 'crash-1');
    await killAfter(150, ['load', '--table', 'customer_activity_log', '--run-id', 'crash-1']);
    await cli('load', '--table', 'customer_activity_log', '--run-id', 'crash-1');
    const commit = await killAfter(2_500, ['commit', '--table', 'customer_activity_log', '--run-id', 'crash-1'], {
      TASKS_FAULT_PAUSE_BEFORE_CAS_MS: '60000',
    });
    expect(commit.signal).toBe('SIGKILL');
    const afterKill = (await withCatalog((c) => c.loadTable({ namespace: 'raw', name: 'customer_activity_log' })))
      .metadata;
    expect(currentSnapshot(afterKill)?.['snapshot-id']).toBe(currentSnapshot(before)?.['snapshot-id']);

    expect(await cli('commit', '--table', 'customer_activity_log', '--run-id', 'crash-1')).toMatchObject({
      status: 'committed',
      records: 150_000,
    });
    expect(await cli('commit', '--table', 'customer_activity_log', '--run-id', 'crash-1')).toMatchObject({
      status: 'already-committed',
    });

    // A whole run that died after load, then a new run: the dead run's files are never committed.
    await writer.query(`SELECT set_config('app.sim_now', '2025-03-02T02:00:00Z', false)`);
    await writer.query(`INSERT INTO oltp.customer_activity_log (customer_id, session_id, activity_type, channel_id, occurred_at)
      SELECT 1 + g, 'd' || g, 'view', 1, TIMESTAMPTZ '2025-03-02T01:30:00Z' FROM generate_series(1, 10) g`);
    await cli('extract', '--table', 'customer_activity_log', '--run-id', 'dead-run');
    await cli('load', '--table', 'customer_activity_log', '--run-id', 'dead-run');
    expect(await cli('ingest', '--table', 'customer_activity_log', '--run-id', 'next-run')).toMatchObject({
      records: 10,
    });
    const stale = await cliFailure(['commit', '--table', 'customer_activity_log', '--run-id', 'dead-run']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /^tasks: run dead-run extracted customer_activity_log from a state another run has committed past/,
    );

    const py = await readWithPyIceberg('customer_activity_log');
    expect(py.rows.length).toBe(await sourceCount('customer_activity_log'));
    expect(new Set(py.rows.map((r) => r.activity_id)).size).toBe(py.rows.length);
  }, 300_000);

  it('interleaves with Spark maintenance: rewrite_data_files and expire_snapshots, then TS appends again', async () => {
    const t = `${catalogName}.raw.customer_activity_log`;
    await readWithSpark(
      [],
      [
        `CALL ${catalogName}.system.rewrite_data_files(table => 'raw.customer_activity_log', options => map('min-input-files', '1', 'rewrite-all', 'true'))`,
        `CALL ${catalogName}.system.expire_snapshots(table => 'raw.customer_activity_log', older_than => TIMESTAMP '2999-01-01 00:00:00', retain_last => 1)`,
      ],
    );
    const rewritten = (await withCatalog((c) => c.loadTable({ namespace: 'raw', name: 'customer_activity_log' })))
      .metadata;
    expect(currentSnapshot(rewritten)?.summary.operation).toBe('replace');
    expect(rewritten.snapshots).toHaveLength(1);

    await writer.query(`SELECT set_config('app.sim_now', '2025-03-02T03:00:00Z', false)`);
    await writer.query(`INSERT INTO oltp.customer_activity_log (customer_id, session_id, activity_type, channel_id, occurred_at)
      SELECT 1 + g, 'm' || g, 'view', 2, TIMESTAMPTZ '2025-03-02T02:30:00Z' FROM generate_series(1, 20) g`);
    expect(await cli('ingest', '--table', 'customer_activity_log', '--run-id', 'after-maintenance')).toMatchObject({
      status: 'committed',
      records: 20,
    });
    const expected = await sourceCount('customer_activity_log');
    const spark = await readWithSpark(['customer_activity_log']);
    expect(spark.get('customer_activity_log')).toHaveLength(expected);
    const py = await readWithPyIceberg('customer_activity_log');
    expect(py.rows).toHaveLength(expected);
    expect(t).toContain(catalogName);
  }, 300_000);

  it('8 processes appending to one table at once: every append present, history linear', async () => {
    const id = { namespace: 'raw', name: 'concurrent_appends' };
    await withCatalog(async (catalog) => {
      await catalog.createNamespace('raw');
      await catalog.createTable(id, {
        schema: {
          type: 'struct',
          'schema-id': 0,
          fields: [
            { id: 1, name: 'id', required: true, type: 'long' },
            { id: 2, name: 'note', required: false, type: 'string' },
          ],
        },
        spec: { 'spec-id': 0, fields: [] },
      });
    });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        run(process.execPath, [APPEND_ONE, 'raw', 'concurrent_appends', String(i + 1)], { env, timeout: 120_000 }),
      ),
    );
    const outcomes = results.map((r) => JSON.parse(r.stdout.trim()) as { status: string; attempts: number });
    expect(outcomes.every((o) => o.status === 'committed')).toBe(true);
    expect(outcomes.some((o) => o.attempts > 1)).toBe(true);
    const metadata = (await withCatalog((c) => c.loadTable(id))).metadata;
    const chain = [...ancestry(metadata)];
    expect(chain).toHaveLength(8);
    expect(metadata.snapshots).toHaveLength(8);
    expect(chain.map((s) => s['sequence-number'])).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(currentSnapshot(metadata)?.summary['total-records']).toBe('8');
    const spark = await readWithSpark(['concurrent_appends']);
    expect((spark.get('concurrent_appends') as Json[]).map((r) => Number(r.id)).sort()).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
  }, 300_000);
});
