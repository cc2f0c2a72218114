import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadSettings, postgresLogin } from '@platform/config';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../../db/test/support/oltp-database.js';
import { slotName } from '../../src/capture/replication-slot.js';
import type { FaultPoint } from '../../src/fault-points.js';
import { loadRegistry } from '../../src/registry/table-registry.js';
import { killAt as killAtPoint } from '../support/kill-at.js';
import { type Json, readWithPyIceberg, readWithSpark } from '../support/lake-readers.js';
import { asSourceRows, inOneOrder, pgRows } from '../support/source-rows.js';

/**
 * Change capture end to end (docs/ingestion.md, "Change capture"): the compiled CLIs, one process
 * per command, against the test stack's PostgreSQL (wal_level=logical), MinIO and JDBC catalog,
 * PyIceberg as the reader. Every test has its own OLTP database (and so its own slot and
 * publication) and catalog.
 */

const run = promisify(execFile);
const TASKS = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const GEN = fileURLToPath(new URL('../../../gen_data/dist/cli.js', import.meta.url));

interface Lake {
  db: TestDatabase;
  env: NodeJS.ProcessEnv;
  writer: pg.Client;
  reader: pg.Client;
  superuser: pg.Client;
}

async function newLake(label: string): Promise<Lake> {
  const db = await freshOltpDatabase(`cdc_${label}`);
  const env = { ...process.env, OLTP_DATABASE: db.name, ICEBERG_CATALOG_NAME: `cdc_${label}_${process.pid}` };
  const writer = new pg.Client(db.writer);
  const reader = new pg.Client(db.reader);
  const superuser = new pg.Client(db.superuser);
  await Promise.all([writer.connect(), reader.connect(), superuser.connect()]);
  onTestFinished(async () => {
    await Promise.all([writer.end(), reader.end(), superuser.end()]);
    await db.drop();
  });
  return { db, env, writer, reader, superuser };
}

async function tasks(lake: Lake, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Json> {
  const { stdout } = await run(process.execPath, [TASKS, ...args], { env: { ...lake.env, ...env }, timeout: 300_000 });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Json;
}

async function tasksFailure(lake: Lake, args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    await run(process.execPath, [TASKS, ...args], { env: { ...lake.env, ...env }, timeout: 300_000 });
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, lastLine: e.stderr.trim().split('\n').pop() ?? '' };
  }
  throw new Error(`tasks ${args.join(' ')} unexpectedly succeeded`);
}

async function gen(lake: Lake, ...args: string[]): Promise<void> {
  await run(process.execPath, [GEN, 'run', '--customers', '120', '--traffic', '0.2', ...args], {
    env: lake.env,
    timeout: 300_000,
  });
}

async function simNow(lake: Lake, at: string): Promise<void> {
  await lake.writer.query(`SELECT set_config('app.sim_now', $1, false)`, [at]);
}

async function seedCustomers(lake: Lake, from: number, to: number): Promise<void> {
  await lake.writer.query(
    `INSERT INTO oltp.customers (customer_id, customer_code, full_name, email, geo_id, address_line,
       registered_channel_id, persona, registered_at)
     SELECT g, 'CUS-' || g, 'Trần Văn Đức ' || g || E'\\ttab\\\\', 'c' || g || '@example.vn', 1 + g % 100,
            g || E' Đường Lê Lợi\\n', 1 + g % 5, 'loyal', TIMESTAMPTZ '2024-01-01T00:00:00Z' + g * interval '1 hour'
     FROM generate_series($1::int, $2::int) g`,
    [from, to],
  );
}

/** The lake's latest version of each key, deletes applied, without the change-log columns. */
/** Each key's latest version by (`_lsn`, `_seq`), with deleted keys gone: what the source holds now. */
function latestLive(rows: Json[], key: readonly string[]): Json[] {
  const latest = new Map<string, Json>();
  for (const r of rows) {
    const id = JSON.stringify(key.map((k) => r[k]));
    const seen = latest.get(id);
    const newer =
      !seen ||
      BigInt(r._lsn as string) > BigInt(seen._lsn as string) ||
      (BigInt(r._lsn as string) === BigInt(seen._lsn as string) && Number(r._seq) > Number(seen._seq));
    if (newer) latest.set(id, r);
  }
  return [...latest.values()].filter((r) => r._op !== 'delete');
}

async function killAt(lake: Lake, point: FaultPoint, args: string[]): Promise<boolean> {
  return (await killAtPoint(TASKS, lake.env, point, args)).reached;
}

async function rawCount(lake: Lake, table: string): Promise<number> {
  const [status] = (await tasks(lake, ['status', '--table', table])) as unknown as Json[];
  return Number(status?.records);
}

describe('change capture', () => {
  it('a mixed run reaches the lake exactly: flash sale, deletes, a late commit, an older updated_at, an added column', async () => {
    const lake = await newLake('mixed');
    await gen(lake, '--days', '1', '--seed', '11');
    const first = await tasks(lake, ['ingest', '--all', '--run-id', 'first']);
    expect((first.tables as Json[]).every((t) => t.status === 'committed' || t.status === 'nothing-to-commit')).toBe(
      true,
    );

    // A transaction that stays open across the next ingestion, with a timestamp long behind.
    const late = new pg.Client(lake.db.writer);
    await late.connect();
    onTestFinished(() => late.end());
    await late.query('BEGIN');
    await late.query(`SELECT set_config('app.sim_now', '2025-01-01T00:00:00Z', true)`);
    const { rows: lateRows } = await late.query(
      `INSERT INTO oltp.customer_activity_log (activity_id, customer_id, session_id, activity_type, channel_id, occurred_at)
       VALUES (900000000, NULL, 'late', 'view', 1, '2025-01-01T00:00:00Z') RETURNING activity_id`,
    );

    await gen(lake, '--scenario', 'flash-sale', '--days', '1', '--seed', '11');
    // Deletes the simulator may not have made today, an update stamped behind every watermark,
    // and a column added while streaming.
    const { rows: gone } = await lake.writer.query(
      'DELETE FROM oltp.cart_items WHERE cart_item_id IN (SELECT cart_item_id FROM oltp.cart_items ORDER BY 1 LIMIT 3) RETURNING cart_item_id',
    );
    expect(gone.length).toBe(3);
    await simNow(lake, '2024-06-01T00:00:00Z');
    await lake.writer.query(`UPDATE oltp.customers SET full_name = 'Backdated' WHERE customer_id = 1`);
    await new pg.Client(lake.db.owner).connect().then(async (c) => {
      await c.query('ALTER TABLE oltp.customers ADD COLUMN nickname text');
      await c.end();
    });
    await lake.writer.query(`UPDATE oltp.customers SET nickname = 'Út ' || customer_id WHERE customer_id <= 5`);

    await tasks(lake, ['ingest', '--all', '--run-id', 'second']);
    await late.query('COMMIT');
    await tasks(lake, ['ingest', '--all', '--run-id', 'third']);

    const reconciled = await tasks(lake, ['reconcile', '--all']);
    const tables = reconciled.tables as Json[];
    expect(tables.length).toBe(loadRegistry().tables.length);
    expect(tables.filter((t) => !t.equal)).toEqual([]);
    expect(tables.find((t) => t.table === 'cart_items')?.source_keys).toBeGreaterThan(0);

    // Every table, read by both engines: the latest version per key with deletes applied is the source.
    const registry = loadRegistry().tables;
    const [reads, spark] = await Promise.all([
      readWithPyIceberg(lake.env, [
        ...registry.map((t) => ({ table: `raw.${t.name}` })),
        { table: 'raw.customer_activity_log', filter: "session_id = 'late'" },
      ]),
      readWithSpark(
        lake.env,
        registry.map((t) => `raw.${t.name}`),
      ),
    ]);
    for (const [i, { name, primaryKey }] of registry.entries()) {
      const source = await pgRows(lake.reader, name, primaryKey);
      const expected = inOneOrder(source.rows);
      const py = latestLive(reads[i]?.rows ?? [], primaryKey);
      expect(inOneOrder(asSourceRows(py, source.columns)), `PyIceberg ${name}`).toEqual(expected);
      const sp = latestLive(spark.tables.get(`raw.${name}`) ?? [], primaryKey);
      expect(inOneOrder(asSourceRows(sp, source.columns)), `Spark ${name}`).toEqual(expected);
    }
    const customers = reads[registry.findIndex((t) => t.name === 'customers')];
    const cartItems = reads[registry.findIndex((t) => t.name === 'cart_items')];
    const activity = reads[registry.length];
    expect(customers?.schema.map((f) => f.name)).toContain('nickname');
    const deletes = (cartItems?.rows ?? []).filter((r) => r._op === 'delete');
    expect(deletes.map((r) => Number(r.cart_item_id))).toEqual(
      expect.arrayContaining(gone.map((r) => Number(r.cart_item_id))),
    );
    expect(deletes.every((r) => r.quantity === null)).toBe(true);
    expect(activity?.rows.map((r) => [Number(r.activity_id), r._op])).toEqual([
      [Number(lateRows[0].activity_id), 'insert'],
    ]);
    const slot = await tasks(lake, ['confirm']);
    expect(slot).toMatchObject({ advanced: false, tables: loadRegistry().tables.length });
  }, 900_000);

  it('rows written behind the watermark: change capture takes them, the cursor mode drifts and reconcile says so', async () => {
    const lake = await newLake('behind');
    const cursorLake = {
      ...lake,
      env: { ...lake.env, ICEBERG_CATALOG_NAME: `${lake.env.ICEBERG_CATALOG_NAME}_cursor` },
    };
    await simNow(lake, '2025-03-01T03:00:00Z');
    await seedCustomers(lake, 1, 50);
    await tasks(lake, ['ingest', '--table', 'customers']);
    await tasks(cursorLake, ['ingest', '--table', 'customers', '--mode', 'cursor']);
    // As the second `gen run` of the issue did: new rows and an update, stamped a year back.
    await simNow(lake, '2024-03-01T03:00:00Z');
    await seedCustomers(lake, 51, 60);
    await lake.writer.query(`UPDATE oltp.customers SET persona = 'bargain' WHERE customer_id = 7`);
    await tasks(lake, ['ingest', '--table', 'customers']);
    await tasks(cursorLake, ['ingest', '--table', 'customers', '--mode', 'cursor']);

    expect(await tasks(lake, ['reconcile', '--table', 'customers'])).toMatchObject({ equal: true, source_keys: 60 });
    const drift = await tasksFailure(cursorLake, ['reconcile', '--table', 'customers']);
    expect(drift.code).toBe(3);
    expect(drift.lastLine).toMatch(
      /raw\.customers differs from the source: 10 keys missing in the lake, 0 live only in the lake, 1 at another version/,
    );
    // A table in change capture refuses the cursor mode, which would read its rows again.
    const refused = await tasksFailure(lake, ['extract', '--table', 'customers', '--mode', 'cursor']);
    expect(refused.code).toBe(2);
    expect(refused.lastLine).toMatch(/is in change capture since LSN .*use --mode capture/);
  }, 600_000);

  it('after kill -9 at every point, reruns leave every change once and the slot behind every table', async () => {
    const lake = await newLake('kills');
    await simNow(lake, '2025-03-01T03:00:00Z');
    await seedCustomers(lake, 1, 20);
    await tasks(lake, ['ingest', '--table', 'customers', '--run-id', 'first']);
    let expected = 20;
    const points: FaultPoint[] = [
      'capture.after-read',
      'extract.after-upload',
      'load.after-manifest',
      'commit.before-cas',
      'commit.after-cas',
      'confirm.before-advance',
    ];
    for (const [i, point] of points.entries()) {
      const from = 100 + i * 10;
      await seedCustomers(lake, from, from + 4);
      await lake.writer.query(`UPDATE oltp.customers SET persona = 'p${i}' WHERE customer_id = 1`);
      await lake.writer.query(`DELETE FROM oltp.customers WHERE customer_id = $1`, [from]);
      expected += 5 + 1 + 1;
      const args = ['ingest', '--table', 'customers', '--run-id', `r${i}`];
      expect(await killAt(lake, point, args), point).toBe(true);
      await tasks(lake, args);
      expect(await rawCount(lake, 'customers'), point).toBe(expected);
      expect(await tasks(lake, ['reconcile', '--table', 'customers']), point).toMatchObject({ equal: true });
    }
    const [status] = (await tasks(lake, ['status', '--table', 'customers'])) as unknown as Json[];
    const { rows } = await lake.superuser.query(
      'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
      [slotName(loadSettings(lake.env))],
    );
    expect(rows[0]?.lsn).toBe(status?.lsn);
  }, 600_000);

  it('a slot dropped underneath ends in the documented error; resnapshot brings the table back exact', async () => {
    const lake = await newLake('dropped');
    await simNow(lake, '2025-03-01T03:00:00Z');
    await seedCustomers(lake, 1, 20);
    await tasks(lake, ['ingest', '--table', 'customers']);
    await lake.superuser.query('SELECT pg_drop_replication_slot($1)', [slotName(loadSettings(lake.env))]);
    await seedCustomers(lake, 21, 25);
    const failed = await tasksFailure(lake, ['ingest', '--table', 'customers']);
    expect(failed.code).toBe(1);
    expect(failed.lastLine).toMatch(
      /replication slot lake_\S+ does not exist \(dropped\?\): .*re-snapshot with `node tasks\/dist\/cli.js resnapshot --all`/,
    );
    await tasks(lake, ['resnapshot', '--all']);
    await tasks(lake, ['ingest', '--table', 'customers']);
    expect(await tasks(lake, ['reconcile', '--table', 'customers'])).toMatchObject({ equal: true, source_keys: 25 });
  }, 600_000);

  it('a slot invalidated by max_slot_wal_keep_size shows as lost and ends in the documented error', async () => {
    const lake = await newLake('lost');
    await simNow(lake, '2025-03-01T03:00:00Z');
    await seedCustomers(lake, 1, 20);
    await tasks(lake, ['ingest', '--table', 'customers']);
    // The runtime's default is in postgresql.conf, so an operator (here, this test only) can lower it.
    const { rows: limit } = await lake.superuser.query('SHOW max_slot_wal_keep_size');
    expect(limit[0]?.max_slot_wal_keep_size).toBe('4GB');
    await lake.superuser.query(`ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'`);
    onTestFinished(async () => {
      const c = new pg.Client(lake.db.superuser);
      await c.connect();
      await c.query('ALTER SYSTEM RESET max_slot_wal_keep_size');
      await c.query('SELECT pg_reload_conf()');
      await c.end();
    });
    await lake.superuser.query('SELECT pg_reload_conf()');
    await seedCustomers(lake, 21, 25);
    // Three WAL segments past the slot, then the checkpoint that invalidates it.
    for (let i = 0; i < 3; i++) {
      await lake.superuser.query(`SELECT pg_logical_emit_message(false, 'fill', repeat('x', 1000))`);
      await lake.superuser.query('SELECT pg_switch_wal()');
    }
    await lake.superuser.query('CHECKPOINT');
    const [status] = (await tasks(lake, ['status', '--table', 'customers'])) as unknown as Json[];
    expect(status).toMatchObject({ slot_wal_status: 'lost', slot_lag_seconds: null });

    const failed = await tasksFailure(lake, ['ingest', '--table', 'customers']);
    expect(failed.code).toBe(1);
    expect(failed.lastLine).toMatch(
      /replication slot lake_\S+ was invalidated .*max_slot_wal_keep_size.*re-snapshot with `node tasks\/dist\/cli.js resnapshot --all`/,
    );
    await tasks(lake, ['resnapshot', '--all']);
    await tasks(lake, ['ingest', '--table', 'customers']);
    expect(await tasks(lake, ['reconcile', '--table', 'customers'])).toMatchObject({ equal: true, source_keys: 25 });
  }, 600_000);

  it('the replication role reads the published tables and nothing else; the publication is the registry', async () => {
    const lake = await newLake('role');
    const role = new pg.Client(postgresLogin(loadSettings(lake.env), 'oltpReplication', lake.db.name));
    await role.connect();
    onTestFinished(() => role.end());
    await role.query('SELECT count(*) FROM oltp.customers');
    for (const sql of [
      `INSERT INTO oltp.order_channel (channel_id, code, name, channel_type, commission_rate) VALUES (99, 'x', 'x', 'own_store', 0)`,
      'UPDATE oltp.customers SET full_name = full_name',
      'DELETE FROM oltp.cart_items',
      'SELECT count(*) FROM oltp.simulation_run',
      'SELECT count(*) FROM public.schema_migrations',
      'CREATE TABLE oltp.intruder (id int)',
    ]) {
      await expect(role.query(sql), sql).rejects.toThrow(/permission denied/);
    }
    const { rows } = await lake.superuser.query(
      `SELECT tablename FROM pg_publication_tables WHERE pubname = 'lake' AND schemaname = 'oltp' ORDER BY 1`,
    );
    expect(rows.map((r) => r.tablename)).toEqual(
      loadRegistry()
        .tables.map((t) => t.name)
        .sort(),
    );
  }, 300_000);
});
