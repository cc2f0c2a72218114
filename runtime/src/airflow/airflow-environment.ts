import { join } from 'node:path';
import { AIRFLOW_USER, resolveEnvironment, SECRET_SETTINGS, type Settings } from '@platform/config';
import { containerSecrets } from '../containers/project-container.js';
import { CONTAINER_ROLES } from '../images/project-images.js';
import { paths } from '../paths.js';
import { REPO_ROOT } from '../repo-root.js';
import { dagContainers } from './dag-containers.js';

export const AIRFLOW_SERVICE_DIR = 'airflow';

export function airflowHome(settings: Settings): string {
  return paths.data(settings, AIRFLOW_SERVICE_DIR);
}

/** SimpleAuthManager keeps its users' passwords in this JSON file; the runtime writes it from the settings. */
export function passwordsFile(settings: Settings): string {
  return join(airflowHome(settings), 'simple_auth_manager_passwords.json');
}

/**
 * The platform's resolved settings as Airflow gets them: every plain setting, and of the secrets
 * only those the DAGs' containers take from the worker (PLATFORM_CONTAINERS names them). Not the
 * PostgreSQL superuser's or owner's password, not the object store's root credential.
 */
function settingsForAirflow(env: NodeJS.ProcessEnv): Record<string, string> {
  const secrets = new Set<string>(SECRET_SETTINGS);
  const handedOn = new Set(CONTAINER_ROLES.flatMap((role) => Object.values(containerSecrets(role))));
  return Object.fromEntries(
    Object.entries(resolveEnvironment(env)).filter(([name]) => !secrets.has(name) || handedOn.has(name)),
  );
}

/**
 * The one environment of every Airflow component (they must agree on the JWT secret, the
 * database, the broker): Airflow's own AIRFLOW__* options, plus the platform's resolved settings,
 * which the DAGs and the DockerOperator tasks read.
 */
export function airflowEnvironment(settings: Settings, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { postgres, redis, airflow } = settings;
  const db = `${encodeURIComponent('airflow')}:${encodeURIComponent(postgres.passwords.airflow)}@${postgres.host}:${postgres.port}/${postgres.databases.airflow}`;
  const api = `http://127.0.0.1:${airflow.port}`;
  return {
    PATH: env.PATH,
    HOME: env.HOME,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    ...settingsForAirflow(env),
    PLATFORM_CONTAINERS: JSON.stringify(dagContainers(settings, env)),
    AIRFLOW_HOME: airflowHome(settings),
    AIRFLOW__CORE__DAGS_FOLDER: join(REPO_ROOT, 'airflow', 'dags'),
    AIRFLOW__CORE__EXECUTOR: 'CeleryExecutor',
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    AIRFLOW__CORE__FERNET_KEY: airflow.fernetKey,
    AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `${api}/execution/`,
    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS: `${AIRFLOW_USER}:admin`,
    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE: passwordsFile(settings),
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `postgresql+psycopg2://${db}`,
    AIRFLOW__CELERY__BROKER_URL: `redis://:${encodeURIComponent(redis.password)}@${redis.host}:${redis.port}/0`,
    AIRFLOW__CELERY__RESULT_BACKEND: `db+postgresql+psycopg2://${db}`,
    AIRFLOW__CELERY__WORKER_CONCURRENCY: String(airflow.workerConcurrency),
    AIRFLOW__API__HOST: '127.0.0.1',
    AIRFLOW__API__PORT: String(airflow.port),
    AIRFLOW__API__BASE_URL: api,
    // One uvicorn worker: the default of four costs a gigabyte on a two-core machine for nothing.
    AIRFLOW__API__WORKERS: '1',
    AIRFLOW__API__SECRET_KEY: airflow.apiSecretKey,
    AIRFLOW__API_AUTH__JWT_SECRET: airflow.jwtSecret,
    AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL: String(airflow.dagRefreshSeconds),
    AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT: String(airflow.workerLogPort),
    AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT: String(airflow.triggererLogPort),
    // A worker killed mid-task stops heartbeating its tasks: after this they are failed and retried.
    AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT: String(airflow.taskHeartbeatTimeoutSeconds),
    AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK: 'True',
    AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_HOST: '127.0.0.1',
    AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT: String(airflow.schedulerHealthPort),
  };
}
