import { setTimeout as sleep } from 'node:timers/promises';
import { AIRFLOW_USER, type Settings } from '@platform/config';
import { type AssetExpression, assetExpressionSatisfied } from './asset-expression.js';

/**
 * The parts of Airflow's REST API (v2) the platform uses: `npm start` and the tests trigger DAGs
 * and follow their runs through it, as a person would from the UI.
 */
export interface DagRun {
  dag_run_id: string;
  state: 'queued' | 'running' | 'success' | 'failed';
  /** `manual` (REST, UI), `scheduled`, `asset_triggered`, `backfill`. */
  run_type: string;
  /** Who started a manual run: `ui`, `rest_api`, `cli`, ... */
  triggered_by: string | null;
  /** ISO time; null while queued. */
  start_date: string | null;
  /** ISO time; null until the run ends. */
  end_date: string | null;
}

/** How long a run ran, as Airflow timed it (start to end, not the queueing); null before it ends. */
export function runSeconds(run: DagRun): number | null {
  if (run.start_date === null || run.end_date === null) return null;
  return Math.round((Date.parse(run.end_date) - Date.parse(run.start_date)) / 1000);
}

export interface TaskInstance {
  task_id: string;
  state: string | null;
  try_number: number;
}

const TERMINAL = new Set(['success', 'failed']);

export class AirflowApi {
  private token: string | undefined;

  constructor(private readonly settings: Settings) {}

  private get base(): string {
    return `http://127.0.0.1:${this.settings.airflow.port}`;
  }

  /** `POST /auth/token` with the platform's login: a JWT for the other calls. */
  private async bearer(): Promise<string> {
    if (this.token) return this.token;
    const response = await fetch(`${this.base}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: AIRFLOW_USER, password: this.settings.airflow.adminPassword }),
    });
    if (!response.ok) throw new Error(`Airflow refused the login of "${AIRFLOW_USER}": HTTP ${response.status}`);
    const body = (await response.json()) as { access_token?: string; jwt_token?: string };
    const token = body.access_token ?? body.jwt_token;
    if (!token) throw new Error('Airflow answered the login without a token');
    this.token = token;
    return token;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}/api/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.bearer()}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`Airflow ${method} ${path}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
    }
    return (await response.json()) as T;
  }

  /** Waits until the dag-processor has parsed `dagId` (a fresh home knows no DAG yet). */
  async waitForDag(dagId: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.request('GET', `/dags/${encodeURIComponent(dagId)}`);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DAG ${dagId} did not appear: ${(error as Error).message}`);
      }
      await sleep(1000);
    }
  }

  /** A new DAG starts paused: neither its schedule nor its Assets start runs until this. */
  async unpause(dagId: string): Promise<void> {
    await this.setPaused(dagId, false);
  }

  /** A paused DAG starts no run, and the Asset events of its schedule are not queued for it. */
  async setPaused(dagId: string, paused: boolean): Promise<void> {
    await this.request('PATCH', `/dags/${encodeURIComponent(dagId)}`, { is_paused: paused });
  }

  /** Unpauses `dagId` and starts a run of it now, with `conf` as the trigger form's parameters. */
  async trigger(dagId: string, conf: Record<string, unknown> = {}): Promise<DagRun> {
    await this.unpause(dagId);
    return this.request<DagRun>('POST', `/dags/${encodeURIComponent(dagId)}/dagRuns`, { logical_date: null, conf });
  }

  /** The DAG's runs, oldest first. */
  async runs(dagId: string): Promise<DagRun[]> {
    const path = `/dags/${encodeURIComponent(dagId)}/dagRuns?order_by=run_after&limit=100`;
    return (await this.request<{ dag_runs: DagRun[] }>('GET', path)).dag_runs;
  }

  async taskInstances(dagId: string, runId: string): Promise<TaskInstance[]> {
    const path = `/dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(runId)}/taskInstances?limit=1000`;
    return (await this.request<{ task_instances: TaskInstance[] }>('GET', path)).task_instances;
  }

  async xcom(dagId: string, runId: string, taskId: string): Promise<unknown> {
    const path = `/dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(runId)}/taskInstances/${encodeURIComponent(taskId)}/xcomEntries/return_value`;
    return (await this.request<{ value: unknown }>('GET', path)).value;
  }

  /**
   * Polls until `dagId` has no run queued or running and its queued Asset events are not enough
   * to start one (the scheduler holds events while max_active_runs is reached; under an all-of
   * schedule, events of a part of the Assets wait for the rest), then returns its runs.
   */
  async waitUntilSettled(
    dagId: string,
    timeoutMs: number,
    progress: (active: DagRun[]) => void = () => undefined,
  ): Promise<DagRun[]> {
    const deadline = Date.now() + timeoutMs;
    const dag = encodeURIComponent(dagId);
    let reported = '';
    const { asset_expression } = await this.request<{ asset_expression: AssetExpression | null }>(
      'GET',
      `/dags/${dag}/details`,
    );
    for (;;) {
      const runs = await this.runs(dagId);
      const active = runs.filter((r) => !TERMINAL.has(r.state));
      const waiting = await this.request<{ queued_events: { asset_id: number }[] }>(
        'GET',
        `/dags/${dag}/assets/queuedEvents`,
      );
      const queued = new Set(waiting.queued_events.map((e) => e.asset_id));
      if (active.length === 0 && !assetExpressionSatisfied(asset_expression, queued)) return runs;
      const now = active.map((r) => `${r.dag_run_id}:${r.state}`).join(',');
      if (now !== reported) progress(active);
      reported = now;
      if (Date.now() > deadline) throw new Error(`${dagId} still has runs to do after ${timeoutMs / 1000} s`);
      await sleep(2000);
    }
  }

  /** Polls the run until it ends; `progress` hears how many of its tasks are done. */
  async waitForRun(
    dagId: string,
    runId: string,
    timeoutMs: number,
    progress: (done: number, total: number) => void = () => undefined,
  ): Promise<DagRun> {
    const deadline = Date.now() + timeoutMs;
    let reported = -1;
    for (;;) {
      const run = await this.request<DagRun>(
        'GET',
        `/dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(runId)}`,
      );
      const tasks = await this.taskInstances(dagId, runId);
      const done = tasks.filter((t) => t.state !== null && TERMINAL.has(t.state)).length;
      if (done !== reported) progress(done, tasks.length);
      reported = done;
      if (TERMINAL.has(run.state)) return run;
      if (Date.now() > deadline)
        throw new Error(`run ${runId} of ${dagId} still ${run.state} after ${timeoutMs / 1000} s`);
      await sleep(2000);
    }
  }
}
