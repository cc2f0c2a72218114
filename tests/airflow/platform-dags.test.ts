import { request } from 'node:http';
import { loadSettings } from '@platform/config';
import { connect } from '@platform/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../db/test/support/oltp-database.js';
import { AirflowApi } from '../../runtime/src/airflow/airflow-api.js';
import { lastLine } from '../../runtime/src/child-process.js';
import { engineRequest } from '../../runtime/src/containers/engine-api.js';
import { registryTables } from '../../runtime/src/containers/ingest-in-containers.js';
import { runProjectContainer } from '../../runtime/src/containers/run-container.js';
import { STACK_LABEL, stackId } from '../../runtime/src/containers/stack-identity.js';
import { ensureProjectImages } from '../../runtime/src/images/ensure-project-images.js';
import { genDataImage, sparkImage, tasksImage } from '../../runtime/src/images/project-images.js';
import { AIRFLOW_SERVICES } from '../../runtime/src/services/airflow.js';
import { down, up } from '../../runtime/src/stack.js';
import { type Lake, lakeFor } from '../../spark/test/support/lake.js';
import { goldDifferences } from '../../spark/test/support/oracle.js';

/**
 * Airflow 3 on CeleryExecutor and Redis in the native runtime, end to end: a small simulated day,
 * then 01_ingestion triggered through the REST API, whose raw Assets start 02_transformation;
 * every task is a container on the test stack's own Docker engine, started by the Celery worker's
 * DockerOperator, and gold ends equal to the KPIs computed from PostgreSQL.
 */

const log = (message: string) => process.stderr.write(`[airflow] ${message}\n`);
let db: TestDatabase;
let lake: Lake;

beforeAll(async () => {
  db = await freshOltpDatabase('airflow_ingestion');
  lake = lakeFor(db.name, 'airflow_test');
  // Read by the Airflow components' environment, so the DAG's containers use this test's
  // database and catalog, not another test file's.
  process.env.OLTP_DATABASE = db.name;
  process.env.ICEBERG_CATALOG_NAME = lake.catalogName;
  const settings = loadSettings();
  await ensureProjectImages({ settings, log }, [genDataImage, tasksImage, sparkImage]);
  const started = Date.now();
  await up([...AIRFLOW_SERVICES], { settings, log });
  log(`Airflow up in ${Math.round((Date.now() - started) / 1000)} s`);
}, 1_800_000);

afterAll(async () => {
  await down([...AIRFLOW_SERVICES], { settings: loadSettings(), log });
  await db?.drop();
}, 120_000);

/**
 * Follows the engine's start events of this stack's containers from now on (the engine keeps only
 * its last 256 events, too few to count 97 tasks afterwards); `stop` ends it and returns the names.
 */
function watchContainerStarts(): { stop(): string[] } {
  const settings = loadSettings();
  const filters = encodeURIComponent(
    JSON.stringify({ type: ['container'], event: ['start'], label: [`${STACK_LABEL}=${stackId(settings)}`] }),
  );
  const names: string[] = [];
  let pending = '';
  const req = request(
    { socketPath: settings.containers.dockerHost.replace(/^unix:\/\//, ''), path: `/v1.41/events?filters=${filters}` },
    (res) => {
      res.on('data', (chunk: Buffer) => {
        const lines = (pending + chunk.toString('utf8')).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          names.push((JSON.parse(line) as { Actor: { Attributes: { name: string } } }).Actor.Attributes.name);
        }
      });
    },
  );
  req.on('error', () => undefined);
  req.end();
  return {
    stop() {
      req.destroy();
      return names;
    },
  };
}

describe('01_ingestion and 02_transformation on CeleryExecutor', () => {
  it('ingests every table as extract -> load -> commit containers, and its Assets build gold equal to the source', async () => {
    const settings = loadSettings();
    const sim = await runProjectContainer(
      settings,
      genDataImage,
      ['run', '--start', '2025-03-10', '--days', '1', '--customers', '150', '--seed', '7'],
      { stdio: 'pipe' },
    );
    expect(sim.code, sim.stderr).toBe(0);
    expect((JSON.parse(lastLine(sim.stdout)) as { orders: number }).orders).toBeGreaterThan(0);

    const api = new AirflowApi(settings);
    await api.waitForDag('01_ingestion', 120_000);
    await api.waitForDag('02_transformation', 120_000);
    await api.unpause('02_transformation');
    const starts = watchContainerStarts();
    const started = Date.now();
    const run = await api.trigger('01_ingestion');
    const ended = await api.waitForRun('01_ingestion', run.dag_run_id, 1_200_000, (done, total) =>
      log(`01_ingestion: ${done}/${total} tasks done`),
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    log(`01_ingestion (${registryTables().length} tables) took ${seconds} s`);

    const tasks = await api.taskInstances('01_ingestion', run.dag_run_id);
    const tables = registryTables();
    const steps = tasks.filter((t) => t.task_id.includes('.'));
    expect(steps.map((t) => t.task_id).sort()).toEqual(
      tables.flatMap((table) => ['extract', 'load', 'commit'].map((step) => `${table}.${step}`)).sort(),
    );
    expect(steps.filter((t) => t.state !== 'success')).toEqual([]);
    // Every table committed, then the slot was confirmed and the lake reconciled against the source.
    expect(tasks.filter((t) => !t.task_id.includes('.')).map((t) => [t.task_id, t.state])).toEqual(
      expect.arrayContaining([
        ['confirm', 'success'],
        ['reconcile', 'success'],
      ]),
    );
    expect(ended.state).toBe('success');

    // XCom is the step's JSON result (stdout's last line alone), and the lake holds the source.
    const commit = (await api.xcom('01_ingestion', run.dag_run_id, 'orders.commit')) as Record<string, unknown>;
    const source = await connect(db.reader);
    try {
      const { rows } = await source.query('SELECT count(*)::int AS n FROM oltp.orders');
      expect(commit).toMatchObject({ step: 'commit', table: 'orders', status: 'committed', records: rows[0].n });
    } finally {
      await source.end();
    }
    const extract = (await api.xcom('01_ingestion', run.dag_run_id, 'orders.extract')) as Record<string, unknown>;
    expect(extract).toMatchObject({ step: 'extract', table: 'orders', run_id: run.dag_run_id });

    // One run of 02_transformation, started by the Assets of the run's commits (all of them).
    const transformations = await api.waitUntilSettled('02_transformation', 1_800_000, (active) =>
      log(`02_transformation: ${active.map((r) => `${r.run_type} ${r.state}`).join(', ')}`),
    );
    expect(transformations.map((r) => [r.run_type, r.state])).toEqual([['asset_triggered', 'success']]);
    const transformation = transformations[0]?.dag_run_id as string;
    const jobs = await api.taskInstances('02_transformation', transformation);
    expect(jobs.map((t) => [t.task_id, t.state]).sort()).toEqual([
      ['gold', 'success'],
      ['silver', 'success'],
    ]);
    expect(await api.xcom('02_transformation', transformation, 'gold')).toMatchObject({ job: 'gold' });
    const reader = new pg.Client(db.reader);
    await reader.connect();
    try {
      expect(await goldDifferences(lake, reader)).toEqual([]);
    } finally {
      await reader.end();
    }

    // Each task was a container on the runtime's engine, removed afterwards by the operator.
    const names = starts.stop();
    expect(names.length).toBeGreaterThanOrEqual(tables.length * 3 + 2);
    const left = JSON.parse(
      (await engineRequest(settings.containers.dockerHost, 'GET', '/containers/json?all=1')).body,
    ) as unknown[];
    expect(left).toEqual([]);
  }, 3_000_000);
});
