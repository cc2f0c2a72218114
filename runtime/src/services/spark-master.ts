import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '@platform/config';
import { ensureSparkHome, repoRoot } from '../install/spark-home.js';
import { paths } from '../paths.js';
import { isRunning, launchDetached, stopProcess } from '../process-supervisor.js';
import type { Service } from '../service.js';

const NAME = 'spark-master';

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
export function sparkDaemonEnv(settings: Settings, sparkHome: string, service: string): NodeJS.ProcessEnv {
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

/** Spark standalone master (spark://host:7077, UI 8080); applications are submitted to it in client mode. */
export const sparkMaster: Service = {
  name: NAME,
  readyTimeoutMs: 180_000,
  ports: (s) => [s.spark.masterPort, s.spark.masterUiPort],
  dataDir: (s) => paths.data(s, NAME),
  logFile: (s) => paths.log(s, NAME),
  running: (s) => isRunning(paths.pid(s, NAME)),

  async install({ settings, log }) {
    ensureSparkHome(settings, log);
  },

  async start({ settings, log }) {
    const sparkHome = ensureSparkHome(settings, log);
    const { masterHost, masterPort, masterUiPort } = settings.spark;
    mkdirSync(this.dataDir(settings), { recursive: true });
    launchDetached({
      command: join(sparkHome, 'bin', 'spark-class'),
      args: [
        'org.apache.spark.deploy.master.Master',
        '--host',
        masterHost,
        '--port',
        String(masterPort),
        '--webui-port',
        String(masterUiPort),
      ],
      cwd: this.dataDir(settings),
      env: sparkDaemonEnv(settings, sparkHome, NAME),
      logFile: this.logFile(settings),
      pidFile: paths.pid(settings, NAME),
    });
  },

  async ready({ settings }) {
    return (await masterState(settings)).status === 'ALIVE';
  },

  async stop({ settings }) {
    await stopProcess(paths.pid(settings, NAME), 'SIGTERM');
  },
};
