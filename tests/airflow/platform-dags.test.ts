import { statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSettings, type Settings } from '@platform/config';
import { connect } from '@platform/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshOltpDatabase, type TestDatabase } from '../../db/test/support/oltp-database.js';
import { AirflowApi, type TaskInstance } from '../../runtime/src/airflow/airflow-api.js';
import { lastLine } from '../../runtime/src/child-process.js';
import { engineRequest } from '../../runtime/src/containers/engine-api.js';
import { registryTables } from '../../runtime/src/containers/ingest-in-containers.js';
import { runProjectContainer } from '../../runtime/src/containers/run-container.js';
import { STACK_LABEL, stackId } from '../../runtime/src/containers/stack-identity.js';
import { ensureProjectImages } from '../../runtime/src/images/ensure-project-images.js';
import { genDataImage, sparkImage, tasksImage } from '../../runtime/src/images/project-images.js';
import { paths } from '../../runtime/src/paths.js';
import { readPid } from '../../runtime/src/process-supervisor.js';
import { AIRFLOW_SERVICES } from '../../runtime/src/services/airflow.js';
import { down, up } from '../../runtime/src/stack.js';
import { type Json, type Lake, lakeFor, readTables } from '../../spark/test/support/lake.js';
import { goldDifferences } from '../../spark/test/support/oracle.js';
import { AirflowUi } from './support/airflow-ui.js';

/**
 * Airflow 3 on CeleryExecutor and Redis in the native runtime, end to end: a small simulated day,
 * then 01_ingestion triggered through the REST API while the source goes away and the Celery
 * worker is killed mid-task; its raw Assets start 02_transformation; every task is a container on
 * the test stack's own Docker engine, started by the worker's DockerOperator, and gold ends equal
 * to the KPIs computed from PostgreSQL. Then a real browser triggers 01_ingestion from the UI.
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

/** Polls the run's task instances until `found` picks some (or the run ends, or time is up). */
async function waitForTasks(
  api: AirflowApi,
  runId: string,
  what: string,
  found: (tasks: TaskInstance[]) => TaskInstance[] | Promise<TaskInstance[]>,
): Promise<string[]> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const picked = await found(await api.taskInstances('01_ingestion', runId));
    if (picked.length > 0) return picked.map((t) => t.task_id);
    if (Date.now() > deadline) throw new Error(`01_ingestion never had ${what}`);
    await sleep(1000);
  }
}

/** Whether the engine runs a container of the step `taskId` (named by the operator, containers.py). */
async function containerRunning(settings: Settings, taskId: string): Promise<boolean> {
  const list = JSON.parse((await engineRequest(settings.containers.dockerHost, 'GET', '/containers/json')).body) as {
    Names: string[];
  }[];
  return list.some((c) => c.Names.some((name) => name.startsWith(`/01_ingestion.${taskId}.`)));
}

/** SIGKILL to the Celery worker's process group: the worker, its pool and the task supervisors. */
function killWorker(settings: Settings): void {
  const pid = readPid(paths.pid(settings, 'airflow-worker'));
  if (pid === undefined) throw new Error('the Celery worker is not running');
  process.kill(-pid, 'SIGKILL');
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

    // The source goes away: no new connection to its database, the open ones cut (the catalog
    // and Airflow's metadata live on the same server and stay up).
    const admin = new pg.Client({ ...db.superuser, database: 'postgres' });
    await admin.connect();
    const allowSource = (allow: boolean) =>
      admin.query(`ALTER DATABASE ${pg.escapeIdentifier(db.name)} WITH ALLOW_CONNECTIONS ${allow}`);
    let run: Awaited<ReturnType<AirflowApi['trigger']>>;
    let failedByOutage: string[];
    try {
      await allowSource(false);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db.name]);
      run = await api.trigger('01_ingestion');
      failedByOutage = await waitForTasks(api, run.dag_run_id, 'a task up for retry', (tasks) =>
        tasks.filter((t) => t.state === 'up_for_retry'),
      );
      log(`source down: ${failedByOutage.join(', ')} up for retry`);
    } finally {
      await allowSource(true);
      await admin.end();
    }

    // The worker dies while a step's container runs: Airflow stops hearing from those tasks, fails
    // them after the heartbeat timeout and retries them on the restarted worker.
    const killed = await waitForTasks(api, run.dag_run_id, 'a step running in its container', async (tasks) => {
      const running = tasks.filter((t) => t.state === 'running' && t.task_id.includes('.'));
      const inContainer = [];
      for (const task of running) if (await containerRunning(settings, task.task_id)) inContainer.push(task);
      return inContainer;
    });
    killWorker(settings);
    log(`worker killed while ${killed.join(', ')} ran`);
    await up(
      AIRFLOW_SERVICES.filter((s) => s.name === 'airflow-worker'),
      { settings, log },
    );
    const ended = await api.waitForRun('01_ingestion', run.dag_run_id, 1_800_000, (done, total) =>
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
    // The steps the outage failed and those the dead worker held ran again, and succeeded.
    const tries = new Map(tasks.map((t) => [t.task_id, t.try_number]));
    for (const taskId of [...failedByOutage, ...killed]) expect(tries.get(taskId), taskId).toBeGreaterThan(1);

    // Every version of a row is in raw once: one row per key and commit position.
    const raw = await readTables(lake, ['raw.orders', 'raw.order_status_history']);
    for (const [table, key] of [
      ['raw.orders', 'order_id'],
      ['raw.order_status_history', 'history_id'],
    ] as const) {
      const rows = raw.get(table) as Json[];
      const versions = new Set(rows.map((r) => `${String(r[key])}@${String(r._lsn)}`));
      expect(rows.length).toBeGreaterThan(0);
      expect(versions.size, table).toBe(rows.length);
    }

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

  it('a real browser logs in, sees the four DAGs and triggers 01_ingestion with the UI button; the run succeeds', async () => {
    const settings = loadSettings();
    const api = new AirflowApi(settings);
    await api.waitForDag('01_ingestion', 120_000);
    // Only the UI's run is under test here: its Assets start no transformation.
    await api.setPaused('02_transformation', true);
    await api.unpause('01_ingestion');
    const before = new Set((await api.runs('01_ingestion')).map((r) => r.dag_run_id));
    const ui = await AirflowUi.launch(settings, log);
    try {
      const { page, dagIds } = await ui.loginAndListDags(settings.airflow.adminPassword);
      expect(dagIds.sort()).toEqual(['01_ingestion', '02_transformation', '03_maintenance', 'simulate']);
      await ui.trigger(page, '01_ingestion');
      const runs = (await api.runs('01_ingestion')).filter((r) => !before.has(r.dag_run_id));
      expect(runs.map((r) => [r.run_type, r.triggered_by])).toEqual([['manual', 'ui']]);
      const runId = runs[0]?.dag_run_id as string;
      const ended = await api.waitForRun('01_ingestion', runId, 1_800_000, (done, total) =>
        log(`01_ingestion from the UI: ${done}/${total} tasks done`),
      );
      expect(ended.state).toBe('success');
      // Outside the test stack's home, which goes at the end: docs/images/ takes it from here.
      const screenshot = join(tmpdir(), '01_ingestion-graph.png');
      await ui.graph(page, '01_ingestion', runId, screenshot);
      expect(statSync(screenshot).size).toBeGreaterThan(10_000);
      log(`the run's graph: ${screenshot}`);
    } finally {
      await ui.close();
    }
  }, 3_000_000);
});
