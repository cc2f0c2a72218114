import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSparkHome } from '../install/spark-home.js';
import { paths } from '../paths.js';
import { isRunning, launchDetached, stopProcess } from '../process-supervisor.js';
import type { Service } from '../service.js';
import { masterState, sparkDaemonEnv } from './spark-master.js';

const NAME = 'spark-worker';

/**
 * One Spark standalone worker offering SPARK_WORKER_CORES and SPARK_WORKER_MEMORY (2 cores, 2g on
 * this machine); its executors run the applications' tasks. Ready once the master lists it alive.
 */
export const sparkWorker: Service = {
  name: NAME,
  readyTimeoutMs: 180_000,
  ports: (s) => [s.spark.workerUiPort],
  dataDir: (s) => paths.data(s, NAME),
  logFile: (s) => paths.log(s, NAME),
  running: (s) => isRunning(paths.pid(s, NAME)),

  async install({ settings, log }) {
    ensureSparkHome(settings, log);
  },

  async start({ settings, log }) {
    const sparkHome = ensureSparkHome(settings, log);
    const { masterHost, masterPort, workerUiPort, workerCores, workerMemory } = settings.spark;
    const workDir = join(this.dataDir(settings), 'work');
    mkdirSync(workDir, { recursive: true });
    launchDetached({
      command: join(sparkHome, 'bin', 'spark-class'),
      args: [
        'org.apache.spark.deploy.worker.Worker',
        `spark://${masterHost}:${masterPort}`,
        '--host',
        masterHost,
        '--cores',
        String(workerCores),
        '--memory',
        workerMemory,
        '--webui-port',
        String(workerUiPort),
        '--work-dir',
        workDir,
      ],
      cwd: this.dataDir(settings),
      env: sparkDaemonEnv(settings, sparkHome, NAME),
      logFile: this.logFile(settings),
      pidFile: paths.pid(settings, NAME),
    });
  },

  async ready({ settings }) {
    const { workers } = await masterState(settings);
    const ui = `:${settings.spark.workerUiPort}`;
    return workers.some((w) => w.state === 'ALIVE' && w.webuiaddress.endsWith(ui));
  },

  async stop({ settings }) {
    await stopProcess(paths.pid(settings, NAME), 'SIGTERM');
  },
};
