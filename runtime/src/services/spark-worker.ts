import { join } from 'node:path';
import { masterState, sparkDaemon } from './spark-daemon.js';

/**
 * One Spark standalone worker offering SPARK_WORKER_CORES and SPARK_WORKER_MEMORY (2 cores, 2g on
 * this machine); its executors run the applications' tasks. Ready once the master lists it alive.
 */
export const sparkWorker = sparkDaemon({
  name: 'spark-worker',
  mainClass: 'org.apache.spark.deploy.worker.Worker',
  ports: (s) => [s.spark.workerUiPort],
  // The worker creates its work directory (the applications' files) itself.
  args: (s, dataDir) => [
    `spark://${s.spark.masterHost}:${s.spark.masterPort}`,
    '--host',
    s.spark.masterHost,
    '--cores',
    String(s.spark.workerCores),
    '--memory',
    s.spark.workerMemory,
    '--webui-port',
    String(s.spark.workerUiPort),
    '--work-dir',
    join(dataDir, 'work'),
  ],
  ready: async (s) => {
    const { workers } = await masterState(s);
    return workers.some((w) => w.state === 'ALIVE' && w.webuiaddress.endsWith(`:${s.spark.workerUiPort}`));
  },
});
