import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  loadSettings,
  type ObjectStoreUser,
  objectStoreCredential,
  postgresLogin,
  resolveEnvironment,
} from '@platform/config';
import pg from 'pg';
import { fastAppend, writeDataFiles } from '../../../tasks/src/iceberg/index.js';
import { withCatalog } from '../../../tasks/src/lake/platform-catalog.js';
import {
  type Json,
  type PyIcebergRead,
  readWithPyIceberg,
  readWithSpark,
} from '../../../tasks/test/support/lake-readers.js';

/**
 * What the Spark tests drive, as Airflow and people do: the compiled ingestion CLI, the jobs
 * through spark/bin/submit on the test stack's standalone cluster, and Spark as a reader. Each
 * acts as the object-store user its container has (minio/init.sh); the readers that check the
 * results use the root credential.
 */

const run = promisify(execFile);
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TASKS = `${ROOT}tasks/dist/cli.js`;
const GEN_DATA = `${ROOT}gen_data/dist/cli.js`;

export type { Json };

export interface Lake {
  env: NodeJS.ProcessEnv;
  catalogName: string;
}

/** A lake of its own (catalog name) over one OLTP database; Python gets the resolved settings. */
export function lakeFor(database: string, label: string): Lake {
  const catalogName = `${label}_${process.pid}`;
  const base = { ...process.env, OLTP_DATABASE: database, ICEBERG_CATALOG_NAME: catalogName };
  return { env: { ...base, ...resolveEnvironment(base) }, catalogName };
}

function actingAs(lake: Lake, user: ObjectStoreUser): NodeJS.ProcessEnv {
  return { ...lake.env, ...objectStoreCredential(loadSettings(lake.env), user) };
}

/** A Spark job's user: maintenance rewrites every namespace, the others read raw only. */
function sparkUser(args: string[]): ObjectStoreUser {
  return args[0] === 'maintenance' ? 'maintenance' : 'spark';
}

function lastJson(stdout: string): Json {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Json;
}

export async function genData(lake: Lake, args: string[]): Promise<Json> {
  const { stdout } = await run(process.execPath, [GEN_DATA, 'run', ...args], { env: lake.env, timeout: 300_000 });
  return lastJson(stdout);
}

/** Every table through change capture, then the slot confirmed: what `01_ingestion` does. */
export async function ingestAll(lake: Lake): Promise<void> {
  const env = actingAs(lake, 'ingest');
  await run(process.execPath, [TASKS, 'ingest', '--all'], { env, timeout: 300_000 });
  await run(process.execPath, [TASKS, 'confirm'], { env, timeout: 300_000 });
}

/** One job through spark/bin/submit; resolves with its JSON result line. */
export async function spark(lake: Lake, ...args: string[]): Promise<Json> {
  try {
    const { stdout } = await run('bash', [`${ROOT}scripts/python.sh`, 'submit', ...args], {
      env: actingAs(lake, sparkUser(args)),
      timeout: 1_800_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return lastJson(stdout);
  } catch (error) {
    // The job's own one-line error is the last line of stdout: spark-submit hands the program's
    // stderr to its stdout (usage errors come earlier, on stderr: spark/check_usage.py).
    const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
    const last = (text?: string) => text?.trim().split('\n').pop();
    throw new Error(`spark ${args.join(' ')}: exit ${code}: ${last(stdout) || last(stderr) || error}`);
  }
}

/** A job expected to fail: its exit code and stderr. */
export async function sparkFailure(lake: Lake, ...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await run('bash', [`${ROOT}scripts/python.sh`, 'submit', ...args], {
      env: actingAs(lake, sparkUser(args)),
      timeout: 1_800_000,
    });
  } catch (error) {
    return error as { code: number; stderr: string };
  }
  throw new Error(`spark ${args.join(' ')} unexpectedly succeeded`);
}

/**
 * Tables read through PyIceberg, all in one process (a local Spark session costs a JVM start per
 * read), values in canonical text (tests/readers).
 */
export async function readTables(lake: Lake, tables: string[]): Promise<Map<string, Json[]>> {
  const reads = await readWithPyIceberg(
    lake.env,
    tables.map((table) => ({ table })),
  );
  return new Map(tables.map((table, i) => [table, (reads[i] as PyIcebergRead).rows]));
}

/** Statements (maintenance procedures) run in a local Spark session on the lake's catalog. */
export async function sparkSql(lake: Lake, statements: string[]): Promise<void> {
  await readWithSpark(lake.env, [], { sql: statements });
}

/** Every notebook of spark/notebooks executed headless against the lake (spark/test/run_notebooks.py). */
export async function runNotebooks(lake: Lake): Promise<Json> {
  const { stdout } = await run('bash', [`${ROOT}scripts/python.sh`, 'spark', `${ROOT}spark/test/run_notebooks.py`], {
    env: actingAs(lake, 'notebook'),
    timeout: 900_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return lastJson(stdout);
}

/** Every table's current metadata file: it changes exactly when the table commits. */
export async function metadataLocations(lake: Lake, namespaces: string[]): Promise<Map<string, string>> {
  const settings = loadSettings(lake.env);
  const client = new pg.Client(postgresLogin(settings, 'catalogOwner', settings.postgres.databases.catalog));
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT table_namespace || '.' || table_name AS name, metadata_location FROM iceberg_tables
       WHERE catalog_name = $1 AND table_namespace = ANY($2) ORDER BY 1`,
      [lake.catalogName, namespaces],
    );
    return new Map(rows.map((r) => [r.name as string, r.metadata_location as string]));
  } finally {
    await client.end();
  }
}

/**
 * Appends rows to a raw table as change capture writes them: the TypeScript Iceberg writer, one
 * snapshot. For rows no valid source can produce (they break a data-quality rule).
 */
export async function appendRaw(lake: Lake, table: string, rows: Json[], batch: string): Promise<void> {
  await withCatalog(loadSettings(lake.env), async (catalog) => {
    const id = { namespace: 'raw', name: table };
    const { metadata } = await catalog.loadTable(id);
    const stamped = rows.map((r) => ({ _seq: '0', _ingested_at: new Date().toISOString(), _batch_id: batch, ...r }));
    const dataFiles = await writeDataFiles({ io: catalog.io, metadata, rows: stamped, filePrefix: batch });
    await fastAppend(catalog, { table: id, dataFiles, idempotencyKey: { key: 'test.batch', value: batch } });
  });
}

/** The source's WAL position now, as ingestion and change capture number versions (`_lsn`). */
export async function currentLsn(client: pg.Client): Promise<string> {
  const { rows } = await client.query(`SELECT (pg_current_wal_lsn() - '0/0')::text AS lsn`);
  return rows[0].lsn as string;
}
