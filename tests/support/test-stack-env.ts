import { join } from 'node:path';
import { platformCache, platformHome } from '@platform/config';

/**
 * The test run's own stack: its own home and ports, so `npm test` never touches a stack a person
 * has running, while sharing the installed binaries (the cache) with it.
 *
 * Every port is the service's default plus `offset`. Offsets are multiples of 100 from 10,000 and
 * the defaults differ pairwise by amounts that are not, so two offsets never produce the same port.
 */
export function testStackEnv(base: NodeJS.ProcessEnv, offset: number): Record<string, string> {
  return {
    PLATFORM_HOME: join(platformHome(base), `test-stack-${offset}`),
    PLATFORM_CACHE: platformCache(base),
    TEST_STACK_OFFSET: String(offset),
    PG_PORT: String(5435 + offset),
    REDIS_PORT: String(6379 + offset),
    S3_PORT: String(9000 + offset),
    S3_CONSOLE_PORT: String(9001 + offset),
    AIRFLOW_PORT: String(8081 + offset),
    AIRFLOW_WORKER_LOG_PORT: String(8793 + offset),
    AIRFLOW_TRIGGERER_LOG_PORT: String(8794 + offset),
    AIRFLOW_SCHEDULER_HEALTH_PORT: String(8974 + offset),
    // Tests trigger 01_ingestion themselves: an hourly run would add a second one.
    AIRFLOW_INGESTION_SCHEDULE: 'none',
    // The worker-killed test waits this long for Airflow to notice; two minutes would be idle CI time.
    AIRFLOW_TASK_HEARTBEAT_TIMEOUT_SECONDS: '45',
    // Its own Docker engine too (empty: the runtime's own under its home), unless the machine
    // names one for tests (TEST_DOCKER_HOST): a DOCKER_HOST exported in the shell is not used.
    DOCKER_HOST: base.TEST_DOCKER_HOST ?? '',
    SPARK_MASTER_PORT: String(7077 + offset),
    SPARK_MASTER_UI_PORT: String(8080 + offset),
    SPARK_WORKER_UI_PORT: String(8082 + offset),
    JUPYTER_PORT: String(8888 + offset),
  };
}

/**
 * TEST_STACK_OFFSET when set; otherwise a random one, so that test runs started side by side (by
 * several developers' shells on one machine) each get their own stack.
 */
export function chooseOffset(env: NodeJS.ProcessEnv): number {
  if (env.TEST_STACK_OFFSET) return Number(env.TEST_STACK_OFFSET);
  return 10_000 + 100 * Math.floor(Math.random() * 100);
}
