import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '@platform/config';
import { ensureSparkHome, repoRoot } from '../install/spark-home.js';
import { paths } from '../paths.js';
import { isRunning, launchDetached, stopProcess } from '../process-supervisor.js';
import type { Service } from '../service.js';

/** What the master's UI reports at /json/ (the fields the runtime reads). */
export interface MasterState {
  status: string;
  workers: { webuiaddress: string; state: string; cores: number }[];
}

export async function masterState(settings: Settings): Promise<MasterState> {
  const { masterHost, masterUiPort } = settings.spark;
  const response = await fetch(`http://${masterHost}:${masterUiPort}/json/`, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) throw new Error(`master UI answered ${response.status}`);
  return (await response.json()) as MasterState;
}

/**
 * Environment of a Spark daemon: the pinned distribution, the repository's spark/conf (the REST
 * submission server off, default cores per application, log levels), loopback addresses.
 */
function sparkDaemonEnv(settings: Settings, sparkHome: string, service: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SPARK_HOME: sparkHome,
    SPARK_CONF_DIR: join(repoRoot(), 'spark', 'conf'),
    SPARK_LOCAL_IP: settings.spark.masterHost,
    SPARK_LOG_DIR: join(paths.data(settings, service), 'logs'),
    // The daemons only schedule; executors get their memory from the worker's offer.
    SPARK_DAEMON_MEMORY: '512m',
  };
}

/** A Spark standalone daemon (`spark-class <mainClass> <args>`) of the pinned distribution. */
export function sparkDaemon(daemon: {
  name: string;
  mainClass: string;
  ports: (s: Settings) => number[];
  /** Its arguments; `dataDir` is the service's own directory. */
  args: (s: Settings, dataDir: string) => string[];
  ready: (s: Settings) => Promise<boolean>;
}): Service {
  const { name } = daemon;
  return {
    name,
    readyTimeoutMs: 180_000,
    ports: daemon.ports,
    dataDir: (s) => paths.data(s, name),
    logFile: (s) => paths.log(s, name),
    running: (s) => isRunning(paths.pid(s, name)),

    async install({ settings, log }) {
      ensureSparkHome(settings, log);
    },

    async start({ settings, log }) {
      const sparkHome = ensureSparkHome(settings, log);
      const dataDir = paths.data(settings, name);
      mkdirSync(dataDir, { recursive: true });
      launchDetached({
        command: join(sparkHome, 'bin', 'spark-class'),
        args: [daemon.mainClass, ...daemon.args(settings, dataDir)],
        cwd: dataDir,
        env: sparkDaemonEnv(settings, sparkHome, name),
        logFile: paths.log(settings, name),
        pidFile: paths.pid(settings, name),
      });
    },

    ready: ({ settings }) => daemon.ready(settings),

    async stop({ settings }) {
      await stopProcess(paths.pid(settings, name), 'SIGTERM');
    },
  };
}
