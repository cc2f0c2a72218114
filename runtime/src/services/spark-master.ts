import { masterState, sparkDaemon } from './spark-daemon.js';

/** Spark standalone master (spark://host:7077, UI 8080); applications are submitted to it in client mode. */
export const sparkMaster = sparkDaemon({
  name: 'spark-master',
  mainClass: 'org.apache.spark.deploy.master.Master',
  ports: (s) => [s.spark.masterPort, s.spark.masterUiPort],
  args: (s) => [
    '--host',
    s.spark.masterHost,
    '--port',
    String(s.spark.masterPort),
    '--webui-port',
    String(s.spark.masterUiPort),
  ],
  ready: async (s) => (await masterState(s)).status === 'ALIVE',
});
