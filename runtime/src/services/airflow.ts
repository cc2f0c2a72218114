import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AIRFLOW_USER, type Settings } from '@platform/config';
import { airflowEnvironment, airflowHome, passwordsFile } from '../airflow/airflow-environment.js';
import { lastLine, runCommand } from '../child-process.js';
import { paths } from '../paths.js';
import { isRunning, launchDetached, stopProcess } from '../process-supervisor.js';
import { REPO_ROOT } from '../repo-root.js';
import type { Service, ServiceContext } from '../service.js';

/** The `airflow` executable of the venv scripts/python.sh syncs from airflow/requirements.lock (under the cache). */
async function airflowExecutable(settings: Settings): Promise<string> {
  const { code, stdout, stderr } = await runCommand(
    'bash',
    [join(REPO_ROOT, 'scripts', 'python.sh'), 'venv-path', 'airflow'],
    {
      env: { ...process.env, PLATFORM_CACHE: settings.cache },
    },
  );
  if (code !== 0) throw new Error(`could not install Airflow: ${lastLine(stderr)}`);
  return join(stdout.trim(), 'bin', 'airflow');
}

async function airflowCli(settings: Settings, args: string[]): Promise<void> {
  const { code, stderr } = await runCommand(await airflowExecutable(settings), args, {
    env: airflowEnvironment(settings),
    cwd: airflowHome(settings),
  });
  if (code !== 0) throw new Error(`airflow ${args.slice(0, 2).join(' ')} failed: ${lastLine(stderr)}`);
}

interface Health {
  [component: string]: { status?: string } | undefined;
}

/** `GET /api/v2/monitor/health` (no token needed): the heartbeats of the scheduler, dag-processor and triggerer. */
async function health(settings: Settings): Promise<Health> {
  const response = await fetch(`http://127.0.0.1:${settings.airflow.port}/api/v2/monitor/health`, {
    signal: AbortSignal.timeout(2000),
  });
  if (!response.ok) return {};
  return (await response.json()) as Health;
}

async function answers(url: string): Promise<boolean> {
  // Any HTTP answer counts: a log server refuses an unsigned request, but it is up.
  await fetch(url, { signal: AbortSignal.timeout(2000) });
  return true;
}

interface Component {
  /** The service name, also its pid and log file. */
  name: string;
  /** Arguments of `airflow`. */
  args: string[];
  ports(settings: Settings): number[];
  ready(settings: Settings): Promise<boolean>;
  /** Runs before the process is launched. */
  prepare?(context: ServiceContext): Promise<void>;
}

/**
 * The api-server goes first: it migrates the metadata database before it starts, and the others'
 * readiness is read from its health endpoint. Workers report to its execution API.
 */
const COMPONENTS: readonly Component[] = [
  {
    name: 'airflow-api-server',
    args: ['api-server'],
    ports: (s) => [s.airflow.port],
    ready: async (s) => (await health(s)).metadatabase?.status === 'healthy',
    async prepare({ settings, log }) {
      mkdirSync(airflowHome(settings), { recursive: true });
      writeFileSync(passwordsFile(settings), JSON.stringify({ [AIRFLOW_USER]: settings.airflow.adminPassword }), {
        mode: 0o600,
      });
      log('airflow: migrating the metadata database');
      await airflowCli(settings, ['db', 'migrate']);
      const { sourcePool, sourcePoolSlots } = settings.airflow;
      await airflowCli(settings, [
        'pools',
        'set',
        sourcePool,
        String(sourcePoolSlots),
        'Tasks reading the OLTP source',
      ]);
    },
  },
  {
    name: 'airflow-scheduler',
    args: ['scheduler'],
    ports: (s) => [s.airflow.schedulerHealthPort],
    ready: async (s) => (await fetch(`http://127.0.0.1:${s.airflow.schedulerHealthPort}/health`)).ok,
  },
  {
    name: 'airflow-dag-processor',
    args: ['dag-processor'],
    ports: () => [],
    ready: async (s) => (await health(s)).dag_processor?.status === 'healthy',
  },
  {
    name: 'airflow-triggerer',
    args: ['triggerer'],
    ports: (s) => [s.airflow.triggererLogPort],
    ready: async (s) => (await health(s)).triggerer?.status === 'healthy',
  },
  {
    name: 'airflow-worker',
    args: ['celery', 'worker'],
    ports: (s) => [s.airflow.workerLogPort],
    ready: (s) => answers(`http://127.0.0.1:${s.airflow.workerLogPort}/`),
  },
];

function componentService(component: Component): Service {
  const { name } = component;
  return {
    name,
    ports: component.ports,
    dataDir: (s) => airflowHome(s),
    logFile: (s) => paths.log(s, name),
    running: (s) => isRunning(paths.pid(s, name)),

    async install({ settings }) {
      await airflowExecutable(settings);
    },

    async start(context) {
      const { settings } = context;
      await component.prepare?.(context);
      launchDetached({
        command: await airflowExecutable(settings),
        args: component.args,
        cwd: airflowHome(settings),
        env: airflowEnvironment(settings),
        logFile: paths.log(settings, name),
        pidFile: paths.pid(settings, name),
      });
    },

    ready: ({ settings }) => component.ready(settings),

    async stop({ settings }) {
      // Celery's warm shutdown lets a running task finish; the timeout then kills the group.
      await stopProcess(paths.pid(settings, name), 'SIGTERM', 30_000);
    },
  };
}

/** Airflow 3 on CeleryExecutor: five processes sharing one environment, in start order. */
export const AIRFLOW_SERVICES: readonly Service[] = COMPONENTS.map(componentService);
