import { readEnvFile } from './env-file.js';
import { ConfigError } from './errors.js';
import { generatedEnvFile, ownDockerSocket, platformCache, platformHome } from './platform-home.js';
import { platformVersion } from './platform-version.js';

/** Fixed role names: migrations GRANT to them, so they are part of the schema, not settings. */
export const ROLES = {
  oltpOwner: 'ecommerce_owner',
  oltpWriter: 'ecommerce_writer',
  oltpReader: 'ecommerce_reader',
  oltpReplication: 'ecommerce_replication',
  catalogOwner: 'iceberg_catalog',
  airflow: 'airflow',
} as const;

/**
 * The object store's users, one per service (minio/init.sh creates them with their policies): fixed
 * names like the PostgreSQL roles; their secret keys are settings. S3_ACCESS_KEY / S3_SECRET_KEY
 * are the store's root credential, for the store and its init alone.
 */
export const OBJECT_STORE_USERS = {
  // The tasks image: raw tables and their staging.
  ingest: { accessKey: 'platform-ingest', secretSetting: 'S3_INGEST_SECRET_KEY' },
  // The Spark jobs: read raw, write silver and gold.
  spark: { accessKey: 'platform-spark', secretSetting: 'S3_SPARK_SECRET_KEY' },
  // The Spark maintenance job: every namespace's files.
  maintenance: { accessKey: 'platform-maintenance', secretSetting: 'S3_MAINTENANCE_SECRET_KEY' },
  // JupyterLab: read only.
  notebook: { accessKey: 'platform-notebook', secretSetting: 'S3_NOTEBOOK_SECRET_KEY' },
} as const;

export type ObjectStoreUser = keyof typeof OBJECT_STORE_USERS;

/** Settings whose values are secrets. `stack up` generates any that the environment lacks. */
export const SECRET_SETTINGS = [
  'PG_SUPERUSER_PASSWORD',
  'OLTP_OWNER_PASSWORD',
  'OLTP_WRITER_PASSWORD',
  'OLTP_READER_PASSWORD',
  'OLTP_REPLICATION_PASSWORD',
  'ICEBERG_CATALOG_PASSWORD',
  'AIRFLOW_DB_PASSWORD',
  'REDIS_PASSWORD',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'S3_INGEST_SECRET_KEY',
  'S3_SPARK_SECRET_KEY',
  'S3_MAINTENANCE_SECRET_KEY',
  'S3_NOTEBOOK_SECRET_KEY',
  'AIRFLOW_ADMIN_PASSWORD',
  'AIRFLOW_JWT_SECRET',
  'AIRFLOW_API_SECRET_KEY',
  'AIRFLOW_FERNET_KEY',
  'JUPYTER_TOKEN',
] as const;

/** The login of Airflow's UI and REST API (SimpleAuthManager, role admin); its password is AIRFLOW_ADMIN_PASSWORD. */
export const AIRFLOW_USER = 'airflow';

export interface PostgresLogin {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

export interface Settings {
  home: string;
  cache: string;
  postgres: {
    host: string;
    port: number;
    superuser: string;
    superuserPassword: string;
    databases: { oltp: string; catalog: string; airflow: string };
    passwords: Record<keyof typeof ROLES, string>;
  };
  redis: { host: string; port: number; password: string };
  s3: {
    endpoint: string;
    region: string;
    /** The root credential. */
    accessKey: string;
    secretKey: string;
    /** Each service's own credential (OBJECT_STORE_USERS). */
    users: Record<ObjectStoreUser, { accessKey: string; secretKey: string }>;
    bucket: string;
    consolePort: number;
  };
  containers: {
    /** The Docker engine the platform's containers run on: `DOCKER_HOST`, else the runtime's own engine. */
    dockerHost: string;
    /** True when `DOCKER_HOST` names an engine other than the runtime's own: it is used, never installed or stopped. */
    externalEngine: boolean;
    /**
     * An extra CA bundle that image builds hand to npm and pip as the BuildKit secret `ca` (never
     * stored in a layer): machines that reach registries through a TLS-inspecting proxy need it.
     */
    buildCaFile: string;
    /** Image references (repository:tag) of the project's images; the default tag is the platform's version. */
    images: { tasks: string; genData: string; spark: string; airflow: string };
  };
  airflow: {
    /** The api-server: UI, REST API and the execution API the workers report to. */
    port: number;
    /** Log servers of the Celery worker and the triggerer, and the scheduler's health check. */
    workerLogPort: number;
    triggererLogPort: number;
    schedulerHealthPort: number;
    /** `[dag_processor] refresh_interval`: how soon a new DAG file shows up (Airflow's default is 300). */
    dagRefreshSeconds: number;
    /** Task slots of the Celery worker. */
    workerConcurrency: number;
    /** The pool every task reading the OLTP source runs in, and its slots: the bound on the source's load. */
    sourcePool: string;
    sourcePoolSlots: number;
    /** Schedule of `01_ingestion` (a cron expression or preset). */
    ingestionSchedule: string;
    /** Retries of every DAG task, the first delay (doubled each try) and its cap, in seconds. */
    taskRetries: number;
    retryDelaySeconds: number;
    maxRetryDelaySeconds: number;
    /** A running task whose worker stopped heartbeating this long is failed (and retried). */
    taskHeartbeatTimeoutSeconds: number;
    adminPassword: string;
    jwtSecret: string;
    apiSecretKey: string;
    fernetKey: string;
  };
  spark: {
    /** Address the master binds to and drivers reach it on (loopback natively). */
    masterHost: string;
    masterPort: number;
    masterUiPort: number;
    workerUiPort: number;
    /** What one worker offers; every application caps itself below it (spark/conf). */
    workerCores: number;
    workerMemory: string;
    jupyterPort: number;
  };
  iceberg: {
    /** `catalog_name` in the JDBC tables: every engine (Spark, PyIceberg, Trino) must use the same one. */
    catalogName: string;
    /** `s3://<bucket>/warehouse/<catalog>` unless ICEBERG_WAREHOUSE says otherwise; tables live at `<warehouse>/<namespace>/<table>`. */
    warehouse: string;
  };
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new ConfigError(`${name} must be a TCP port (1-65535), got "${raw}"`);
  }
  return value;
}

/**
 * Secrets are read when first used, not when settings load: a process that only writes to the
 * OLTP database (gen_data) needs only its own password, and a missing one is reported by name
 * at the moment it matters.
 */
function secret(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new ConfigError(
      `${name} is not set: export it (see .env.example) or run "npm run stack:up" once to generate it`,
    );
  }
  return value;
}

function lazySecrets<K extends string>(env: NodeJS.ProcessEnv, names: Record<K, string>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const [key, name] of Object.entries(names) as [K, string][]) {
    Object.defineProperty(out, key, { enumerable: true, get: () => secret(env, name) });
  }
  return out;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${name} must be a whole number (0 or more), got "${raw}"`);
  return value;
}

function identifier(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name] || fallback;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) {
    throw new ConfigError(`${name} must be a lower-case SQL identifier, got "${value}"`);
  }
  return value;
}

/**
 * Reads settings from the environment, falling back to the env file that `stack up` generated.
 * The environment always wins, so deployments (compose, CI) set everything explicitly.
 */
function mergedEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...readEnvFile(generatedEnvFile(env)), ...env };
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const merged = mergedEnvironment(env);
  const s3Endpoint = merged.S3_ENDPOINT || `http://127.0.0.1:${port(merged, 'S3_PORT', 9000)}`;
  if (!/^https?:\/\/[^/]+\/?$/.test(s3Endpoint)) {
    throw new ConfigError(`S3_ENDPOINT must look like http://host:port, got "${s3Endpoint}"`);
  }
  const secrets = lazySecrets(merged, {
    superuser: 'PG_SUPERUSER_PASSWORD',
    redis: 'REDIS_PASSWORD',
    s3AccessKey: 'S3_ACCESS_KEY',
    s3SecretKey: 'S3_SECRET_KEY',
  });
  return {
    home: platformHome(env),
    cache: platformCache(env),
    postgres: {
      host: merged.PG_HOST || '127.0.0.1',
      port: port(merged, 'PG_PORT', 5435),
      superuser: identifier(merged, 'PG_SUPERUSER', 'postgres'),
      get superuserPassword() {
        return secrets.superuser;
      },
      databases: {
        oltp: identifier(merged, 'OLTP_DATABASE', 'ecommerce'),
        catalog: identifier(merged, 'ICEBERG_CATALOG_DATABASE', 'iceberg_catalog'),
        airflow: identifier(merged, 'AIRFLOW_DATABASE', 'airflow'),
      },
      passwords: lazySecrets(merged, {
        oltpOwner: 'OLTP_OWNER_PASSWORD',
        oltpWriter: 'OLTP_WRITER_PASSWORD',
        oltpReader: 'OLTP_READER_PASSWORD',
        oltpReplication: 'OLTP_REPLICATION_PASSWORD',
        catalogOwner: 'ICEBERG_CATALOG_PASSWORD',
        airflow: 'AIRFLOW_DB_PASSWORD',
      }),
    },
    redis: {
      host: merged.REDIS_HOST || '127.0.0.1',
      port: port(merged, 'REDIS_PORT', 6379),
      get password() {
        return secrets.redis;
      },
    },
    s3: {
      endpoint: s3Endpoint.replace(/\/$/, ''),
      region: merged.S3_REGION || 'us-east-1',
      get accessKey() {
        return secrets.s3AccessKey;
      },
      get secretKey() {
        return secrets.s3SecretKey;
      },
      users: objectStoreUsers(merged),
      bucket: merged.S3_BUCKET || 'lake',
      consolePort: port(merged, 'S3_CONSOLE_PORT', 9001),
    },
    containers: containerSettings(env, merged),
    airflow: airflowSettings(merged),
    spark: sparkSettings(merged),
    iceberg: icebergSettings(merged),
  };
}

function objectStoreUsers(merged: NodeJS.ProcessEnv): Settings['s3']['users'] {
  const secrets = lazySecrets(
    merged,
    Object.fromEntries(
      Object.entries(OBJECT_STORE_USERS).map(([user, { secretSetting }]) => [user, secretSetting]),
    ) as Record<ObjectStoreUser, string>,
  );
  const users = {} as Settings['s3']['users'];
  for (const [user, { accessKey }] of Object.entries(OBJECT_STORE_USERS) as [
    ObjectStoreUser,
    { accessKey: string },
  ][]) {
    users[user] = {
      accessKey,
      get secretKey() {
        return secrets[user];
      },
    };
  }
  return users;
}

function airflowSettings(merged: NodeJS.ProcessEnv): Settings['airflow'] {
  const secrets = lazySecrets(merged, {
    adminPassword: 'AIRFLOW_ADMIN_PASSWORD',
    jwtSecret: 'AIRFLOW_JWT_SECRET',
    apiSecretKey: 'AIRFLOW_API_SECRET_KEY',
    fernetKey: 'AIRFLOW_FERNET_KEY',
  });
  const sourcePool = identifier(merged, 'AIRFLOW_SOURCE_POOL', 'oltp_source');
  const ingestionSchedule = merged.AIRFLOW_INGESTION_SCHEDULE || '@hourly';
  if (/[\r\n]/.test(ingestionSchedule)) throw new ConfigError('AIRFLOW_INGESTION_SCHEDULE must be one line');
  return Object.defineProperties(
    {
      port: port(merged, 'AIRFLOW_PORT', 8081),
      workerLogPort: port(merged, 'AIRFLOW_WORKER_LOG_PORT', 8793),
      triggererLogPort: port(merged, 'AIRFLOW_TRIGGERER_LOG_PORT', 8794),
      schedulerHealthPort: port(merged, 'AIRFLOW_SCHEDULER_HEALTH_PORT', 8974),
      dagRefreshSeconds: positive(merged, 'AIRFLOW_DAG_REFRESH_SECONDS', 10),
      workerConcurrency: positive(merged, 'AIRFLOW_WORKER_CONCURRENCY', 2),
      sourcePool,
      sourcePoolSlots: positive(merged, 'AIRFLOW_SOURCE_POOL_SLOTS', 2),
      ingestionSchedule,
      taskRetries: count(merged, 'AIRFLOW_TASK_RETRIES', 3),
      retryDelaySeconds: positive(merged, 'AIRFLOW_RETRY_DELAY_SECONDS', 10),
      maxRetryDelaySeconds: positive(merged, 'AIRFLOW_MAX_RETRY_DELAY_SECONDS', 300),
      taskHeartbeatTimeoutSeconds: positive(merged, 'AIRFLOW_TASK_HEARTBEAT_TIMEOUT_SECONDS', 120),
    },
    Object.getOwnPropertyDescriptors(secrets),
  ) as Settings['airflow'];
}

function containerSettings(env: NodeJS.ProcessEnv, merged: NodeJS.ProcessEnv): Settings['containers'] {
  const own = `unix://${ownDockerSocket(env)}`;
  const dockerHost = merged.DOCKER_HOST || own;
  if (!/^(unix:\/\/\/.+|tcp:\/\/[^/]+:\d+)$/.test(dockerHost)) {
    throw new ConfigError(`DOCKER_HOST must be unix:///path/to/docker.sock or tcp://host:port, got "${dockerHost}"`);
  }
  // Read only when asked for: a process inside a container never needs the names of images.
  const image = (name: string, repository: string) => () => {
    const value = merged[name] || `${repository}:${platformVersion()}`;
    if (!IMAGE_REFERENCE.test(value)) throw new ConfigError(`${name} must be an image name[:tag], got "${value}"`);
    return value;
  };
  const tasks = image('PLATFORM_TASKS_IMAGE', 'ecommerce-platform/tasks');
  const genData = image('PLATFORM_GEN_DATA_IMAGE', 'ecommerce-platform/gen_data');
  const spark = image('PLATFORM_SPARK_IMAGE', 'ecommerce-platform/spark');
  const airflow = image('PLATFORM_AIRFLOW_IMAGE', 'ecommerce-platform/airflow');
  return {
    dockerHost,
    externalEngine: dockerHost !== own,
    buildCaFile: merged.PLATFORM_BUILD_CA_FILE || '/etc/ssl/certs/ca-certificates.crt',
    images: {
      get tasks() {
        return tasks();
      },
      get genData() {
        return genData();
      },
      get spark() {
        return spark();
      },
      get airflow() {
        return airflow();
      },
    },
  };
}

/** Docker's reference grammar, without registry hosts or digests (no registry is used). */
const IMAGE_REFERENCE =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?$/;

function sparkSettings(merged: NodeJS.ProcessEnv): Settings['spark'] {
  const cores = merged.SPARK_WORKER_CORES || '2';
  if (!/^[1-9][0-9]{0,3}$/.test(cores)) {
    throw new ConfigError(`SPARK_WORKER_CORES must be a positive whole number, got "${cores}"`);
  }
  const memory = merged.SPARK_WORKER_MEMORY || '2g';
  if (!/^[1-9][0-9]*[mg]$/.test(memory)) {
    throw new ConfigError(`SPARK_WORKER_MEMORY must look like 2g or 1536m, got "${memory}"`);
  }
  return {
    masterHost: merged.SPARK_MASTER_HOST || '127.0.0.1',
    masterPort: port(merged, 'SPARK_MASTER_PORT', 7077),
    masterUiPort: port(merged, 'SPARK_MASTER_UI_PORT', 8080),
    workerUiPort: port(merged, 'SPARK_WORKER_UI_PORT', 8082),
    workerCores: Number(cores),
    workerMemory: memory,
    jupyterPort: port(merged, 'JUPYTER_PORT', 8888),
  };
}

function icebergSettings(merged: NodeJS.ProcessEnv): Settings['iceberg'] {
  const catalogName = merged.ICEBERG_CATALOG_NAME || 'lakehouse';
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,254}$/.test(catalogName)) {
    throw new ConfigError(`ICEBERG_CATALOG_NAME must be a plain name, got "${catalogName}"`);
  }
  const bucket = merged.S3_BUCKET || 'lake';
  // One prefix per catalog: a maintenance job of one catalog (remove_orphan_files) must never
  // see another catalog's files as orphans.
  const warehouse = (merged.ICEBERG_WAREHOUSE || `s3://${bucket}/warehouse/${catalogName}`).replace(/\/+$/, '');
  if (!/^s3:\/\/[^/]+(\/.*)?$/.test(warehouse)) {
    throw new ConfigError(`ICEBERG_WAREHOUSE must be an s3://bucket/prefix URI, got "${warehouse}"`);
  }
  return { catalogName, warehouse };
}

/**
 * Every setting under its canonical environment name, defaults and derived values applied, plus
 * the secrets that are set. This is the one resolution of the settings: the runtime starts the
 * Python processes (Spark, Airflow) and the containers with it, and Python reads only its own
 * environment, so no second parser of the env file or of the defaults exists.
 */
export function resolveEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const s = loadSettings(env);
  const merged = mergedEnvironment(env);
  const resolved: Record<string, string> = {
    PLATFORM_HOME: s.home,
    PLATFORM_CACHE: s.cache,
    PG_HOST: s.postgres.host,
    PG_PORT: String(s.postgres.port),
    PG_SUPERUSER: s.postgres.superuser,
    OLTP_DATABASE: s.postgres.databases.oltp,
    ICEBERG_CATALOG_DATABASE: s.postgres.databases.catalog,
    AIRFLOW_DATABASE: s.postgres.databases.airflow,
    REDIS_HOST: s.redis.host,
    REDIS_PORT: String(s.redis.port),
    S3_ENDPOINT: s.s3.endpoint,
    S3_CONSOLE_PORT: String(s.s3.consolePort),
    S3_REGION: s.s3.region,
    S3_BUCKET: s.s3.bucket,
    ICEBERG_CATALOG_NAME: s.iceberg.catalogName,
    ICEBERG_WAREHOUSE: s.iceberg.warehouse,
    DOCKER_HOST: s.containers.dockerHost,
    PLATFORM_BUILD_CA_FILE: s.containers.buildCaFile,
    PLATFORM_TASKS_IMAGE: s.containers.images.tasks,
    PLATFORM_GEN_DATA_IMAGE: s.containers.images.genData,
    PLATFORM_SPARK_IMAGE: s.containers.images.spark,
    PLATFORM_AIRFLOW_IMAGE: s.containers.images.airflow,
    AIRFLOW_PORT: String(s.airflow.port),
    AIRFLOW_WORKER_LOG_PORT: String(s.airflow.workerLogPort),
    AIRFLOW_TRIGGERER_LOG_PORT: String(s.airflow.triggererLogPort),
    AIRFLOW_SCHEDULER_HEALTH_PORT: String(s.airflow.schedulerHealthPort),
    AIRFLOW_DAG_REFRESH_SECONDS: String(s.airflow.dagRefreshSeconds),
    AIRFLOW_WORKER_CONCURRENCY: String(s.airflow.workerConcurrency),
    AIRFLOW_SOURCE_POOL: s.airflow.sourcePool,
    AIRFLOW_SOURCE_POOL_SLOTS: String(s.airflow.sourcePoolSlots),
    AIRFLOW_INGESTION_SCHEDULE: s.airflow.ingestionSchedule,
    AIRFLOW_TASK_RETRIES: String(s.airflow.taskRetries),
    AIRFLOW_RETRY_DELAY_SECONDS: String(s.airflow.retryDelaySeconds),
    AIRFLOW_MAX_RETRY_DELAY_SECONDS: String(s.airflow.maxRetryDelaySeconds),
    AIRFLOW_TASK_HEARTBEAT_TIMEOUT_SECONDS: String(s.airflow.taskHeartbeatTimeoutSeconds),
    SPARK_MASTER_HOST: s.spark.masterHost,
    SPARK_MASTER_PORT: String(s.spark.masterPort),
    SPARK_MASTER_URL: `spark://${s.spark.masterHost}:${s.spark.masterPort}`,
    SPARK_MASTER_UI_PORT: String(s.spark.masterUiPort),
    SPARK_WORKER_UI_PORT: String(s.spark.workerUiPort),
    SPARK_WORKER_CORES: String(s.spark.workerCores),
    SPARK_WORKER_MEMORY: s.spark.workerMemory,
    JUPYTER_PORT: String(s.spark.jupyterPort),
  };
  for (const name of SECRET_SETTINGS) {
    const value = merged[name];
    if (value) resolved[name] = value;
  }
  return resolved;
}

/** S3_ACCESS_KEY / S3_SECRET_KEY, the variables the apps read, as one object-store user's. */
export function objectStoreCredential(
  settings: Settings,
  user: ObjectStoreUser,
): { S3_ACCESS_KEY: string; S3_SECRET_KEY: string } {
  const { accessKey, secretKey } = settings.s3.users[user];
  return { S3_ACCESS_KEY: accessKey, S3_SECRET_KEY: secretKey };
}

/** Connection parameters for one of the fixed roles, or the superuser, on a database. */
export function postgresLogin(
  settings: Settings,
  role: keyof typeof ROLES | 'superuser',
  database: string,
): PostgresLogin {
  const { host, port } = settings.postgres;
  if (role === 'superuser') {
    return {
      host,
      port,
      database,
      user: settings.postgres.superuser,
      password: settings.postgres.superuserPassword,
    };
  }
  return { host, port, database, user: ROLES[role], password: settings.postgres.passwords[role] };
}
