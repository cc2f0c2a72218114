import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadSettings } from '@platform/config';
import { connect } from '@platform/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../db/test/support/oltp-database.js';
import { checkInvariants } from '../../gen_data/src/report/invariants.js';
import { type Lake, lakeFor, ROOT } from '../../spark/test/support/lake.js';
import { readTableWithPyIceberg } from '../../tasks/test/support/lake-readers.js';
import { lastLine } from '../src/child-process.js';
import { ingestTable } from '../src/containers/ingest-in-containers.js';
import { runProjectContainer } from '../src/containers/run-container.js';
import { ensureProjectImages } from '../src/images/ensure-project-images.js';
import { genDataImage, sparkImage, tasksImage } from '../src/images/project-images.js';

/**
 * The project's images as containers on the test stack's engine, run the way npm start, the
 * wrappers and Airflow's DockerOperator run them (runtime/src/containers/project-container.ts),
 * against the test stack's native PostgreSQL and object store.
 */

const settings = loadSettings();
const log = (message: string) => process.stderr.write(`[images] ${message}\n`);

beforeAll(async () => {
  // Built once per set of inputs; a fresh engine loads them from the cache's tarballs.
  await ensureProjectImages({ settings, log }, [genDataImage, tasksImage, sparkImage]);
}, 1_800_000);

async function orderAndCustomerCounts(db: TestDatabase): Promise<{ customers: number; orders: number }> {
  const client = await connect(db.reader);
  try {
    const { rows } = await client.query(
      'SELECT (SELECT count(*)::int FROM oltp.customers) AS customers, (SELECT count(*)::int FROM oltp.orders) AS orders',
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

describe('gen_data container', () => {
  it('writes a flash sale into PostgreSQL, and every invariant holds afterwards', async () => {
    const db = await freshOltpDatabase('gen_data_container');
    try {
      const env = { ...process.env, OLTP_DATABASE: db.name };
      const command = ['run', '--scenario', 'flash-sale', '--start', '2025-03-10', '--days', '1', '--customers', '300'];
      const { code, stdout, stderr } = await runProjectContainer(settings, genDataImage, command, {
        stdio: 'pipe',
        env,
      });
      expect(code, stderr).toBe(0);
      const summary = JSON.parse(lastLine(stdout)) as { scenario: string; orders: number; from: string; to: string };
      expect(summary).toMatchObject({ scenario: 'flash-sale', from: '2025-03-09T17:00:00.000Z' });
      expect(summary.orders).toBeGreaterThan(0);
      expect((await orderAndCustomerCounts(db)).orders).toBe(summary.orders);
      // As `gen-data stats` checks them: the writer may call the schema's functions.
      const client = await connect(db.writer);
      try {
        const invariants = await checkInvariants(client, { from: summary.from, to: summary.to });
        expect(invariants.length).toBeGreaterThanOrEqual(10);
        expect(invariants.filter((i) => i.violations > 0)).toEqual([]);
      } finally {
        await client.end();
      }
    } finally {
      await db.drop();
    }
  }, 300_000);

  it('exits 2 with one line on a bad flag or scenario, and writes nothing', async () => {
    const db = await freshOltpDatabase('gen_data_container_bad');
    try {
      const env = { ...process.env, OLTP_DATABASE: db.name };
      const before = await orderAndCustomerCounts(db);
      const cases: [string[], RegExp][] = [
        [['run', '--scenario', 'flash-sale', '--bogus'], /^error: unknown option '--bogus'$/],
        [['run', '--scenario', 'black-friday'], /^gen-data: .*black-friday/],
      ];
      for (const [command, message] of cases) {
        const { code, stderr } = await runProjectContainer(settings, genDataImage, command, { stdio: 'pipe', env });
        expect(code, command.join(' ')).toBe(2);
        expect(stderr.trim().split('\n'), command.join(' ')).toEqual([expect.stringMatching(message)]);
      }
      expect(await orderAndCustomerCounts(db)).toEqual(before);
    } finally {
      await db.drop();
    }
  }, 120_000);
});

describe('tasks containers', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const catalogName = `containers_test_${process.pid}`;

  beforeAll(async () => {
    db = await freshOltpDatabase('tasks_containers');
    env = { ...process.env, OLTP_DATABASE: db.name, ICEBERG_CATALOG_NAME: catalogName };
    const writer = new pg.Client(db.writer);
    await writer.connect();
    try {
      await writer.query(`SELECT set_config('app.sim_now', '2025-03-01T03:00:00Z', false)`);
      await writer.query(`
        INSERT INTO oltp.customers (customer_id, customer_code, full_name, email, geo_id, address_line,
          registered_channel_id, persona)
        SELECT g, 'CUS-' || g, 'Nguyễn Văn ' || g, 'c' || g || '@example.vn', 1 + g % 1000, g || ' Lê Lợi', 1 + g % 5, 'loyal'
        FROM generate_series(1, 150) g`);
    } finally {
      await writer.end();
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function tableStatus(table: string): Promise<Record<string, unknown>> {
    const { code, stdout, stderr } = await runProjectContainer(settings, tasksImage, ['status', '--table', table], {
      stdio: 'pipe',
      env,
    });
    expect(code, stderr).toBe(0);
    return (JSON.parse(lastLine(stdout)) as Record<string, unknown>[])[0] as Record<string, unknown>;
  }

  it('extract, load and commit one table as three containers: each ends with its JSON, the table holds the source rows', async () => {
    const { results } = await ingestTable(settings, 'customers', 'containers-first', env);
    expect(results.map((r) => r.step)).toEqual(['extract', 'load', 'commit']);
    expect(results.map((r) => r.run_id)).toEqual(['containers-first', 'containers-first', 'containers-first']);
    expect(results[2]).toMatchObject({ status: 'committed', records: 150 });
    const lake = await readTableWithPyIceberg(env, 'raw.customers');
    const source = await connect(db.reader);
    try {
      const { rows } = await source.query(
        'SELECT customer_id::int AS customer_id, full_name, email FROM oltp.customers ORDER BY customer_id',
      );
      const lakeRows = lake.rows
        .map((r) => ({ customer_id: Number(r.customer_id), full_name: r.full_name, email: r.email }))
        .sort((a, b) => a.customer_id - b.customer_id);
      expect(lakeRows).toEqual(rows);
    } finally {
      await source.end();
    }
  }, 300_000);

  it('ends a container that cannot reach PostgreSQL with one line and exit 1, committing nothing', async () => {
    const unreachable = { ...env, PG_PORT: '1' };
    const step = (name: string, runId: string, stepEnv: NodeJS.ProcessEnv) =>
      runProjectContainer(settings, tasksImage, [name, '--table', 'order_channel', '--run-id', runId], {
        stdio: 'pipe',
        env: stepEnv,
      });
    const refused = 'tasks: cannot connect to 127.0.0.1:1: connection refused\n';

    const extract = await step('extract', 'r1', unreachable);
    expect(extract.code).toBe(1);
    expect(extract.stderr).toBe(refused);
    expect(await tableStatus('order_channel')).toMatchObject({ created: false });

    // Extracted and loaded, then the commit cannot reach the catalog: nothing becomes visible.
    for (const name of ['extract', 'load']) {
      const ok = await step(name, 'r2', env);
      expect(ok.code, ok.stderr).toBe(0);
    }
    const commit = await step('commit', 'r2', unreachable);
    expect(commit.code).toBe(1);
    expect(commit.stderr).toBe(refused);
    expect(await tableStatus('order_channel')).toMatchObject({ snapshots: 0, records: 0 });
  }, 300_000);
});

describe('spark container', () => {
  let db: TestDatabase;
  let lake: Lake;

  beforeAll(async () => {
    db = await freshOltpDatabase('spark_container');
    lake = lakeFor(db.name, 'spark_container');
    // raw.order_channel as 01_ingestion leaves it (the ingestion CLI as a plain process: its own
    // containers are tested above).
    await promisify(execFile)(process.execPath, [`${ROOT}tasks/dist/cli.js`, 'ingest', '--table', 'order_channel'], {
      env: lake.env,
      timeout: 300_000,
    });
  }, 600_000);

  afterAll(async () => {
    await db?.drop();
  });

  // The driver runs in the container, the executors on the test stack's native worker: the jars
  // reach them from the driver, and both must find each other on loopback.
  it('runs `silver --table order_channel` as the DockerOperator does: merged, and silver holds the source rows', async () => {
    const { code, stdout, stderr } = await runProjectContainer(
      settings,
      sparkImage,
      ['silver', '--table', 'order_channel'],
      {
        stdio: 'pipe',
        env: lake.env,
      },
    );
    // The job's own error line is on stdout (see the exit-code test below), Spark's log on stderr.
    expect(code, `${stderr}${stdout}`.slice(-4000)).toBe(0);
    const source = await connect(db.reader);
    let rows: { channel_id: number; code: string; channel_type: string }[];
    try {
      ({ rows } = await source.query(
        'SELECT channel_id::int AS channel_id, code, channel_type FROM oltp.order_channel ORDER BY channel_id',
      ));
    } finally {
      await source.end();
    }
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.parse(lastLine(stdout))).toMatchObject({
      job: 'silver',
      status: 'merged',
      tables: [{ table: 'order_channel', status: 'merged', keys: rows.length, upserted: rows.length, deleted: 0 }],
    });
    const silver = await readTableWithPyIceberg(lake.env, 'silver.order_channel');
    const lakeRows = silver.rows
      .map((r) => ({ channel_id: Number(r.channel_id), code: r.code, channel_type: r.channel_type }))
      .sort((a, b) => a.channel_id - b.channel_id);
    expect(lakeRows).toEqual(rows);
  }, 900_000);

  it('passes on the job exit code: 2 and why, for an unknown table', async () => {
    const { code, stdout, stderr } = await runProjectContainer(settings, sparkImage, ['silver', '--table', 'nope'], {
      stdio: 'pipe',
      env: lake.env,
    });
    expect(code, stderr.slice(-4000)).toBe(2);
    // Checked before spark-submit starts (spark/check_usage.py): the one line on stderr, no JVM.
    expect(stderr.trim()).toBe('spark: unknown table "nope": it is not in the table registry');
    expect(stdout).toBe('');
  }, 300_000);
});
