import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, parseEnvFile, SECRET_SETTINGS } from '@platform/config';
import { describe, expect, it } from 'vitest';
import { airflowEnvironment } from '../src/airflow/airflow-environment.js';
import { dagContainers } from '../src/airflow/dag-containers.js';
import { ensureGeneratedSecrets } from '../src/generated-secrets.js';
import { tasksImage } from '../src/images/project-images.js';

/** A home whose every secret is generated, as `stack up` leaves it, with a redis password that needs escaping. */
function stackEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PLATFORM_HOME: mkdtempSync(join(tmpdir(), 'airflow-env-')), ...extra };
  ensureGeneratedSecrets(env);
  return env;
}

describe('generated Airflow secrets', () => {
  it('gives a Fernet key of 32 bytes in padded url-safe base64 and every other secret a value', () => {
    const env = stackEnv();
    const file = parseEnvFile(readFileSync(join(env.PLATFORM_HOME as string, 'platform.env'), 'utf8'));
    for (const name of SECRET_SETTINGS) expect(file[name], name).toMatch(/^\S{20,}$/);
    const fernet = file.AIRFLOW_FERNET_KEY as string;
    expect(fernet).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(Buffer.from(fernet, 'base64url')).toHaveLength(32);
  });
});

describe('airflowEnvironment', () => {
  it('gives every component the same secrets, the broker, the database and the execution API', () => {
    const env = stackEnv({ REDIS_PASSWORD: 'p@ss/w:rd', AIRFLOW_PORT: '18081' });
    const settings = loadSettings(env);
    const out = airflowEnvironment(settings, env);
    expect(out.AIRFLOW__CORE__EXECUTOR).toBe('CeleryExecutor');
    expect(out.AIRFLOW__API_AUTH__JWT_SECRET).toBe(settings.airflow.jwtSecret);
    expect(out.AIRFLOW__CELERY__BROKER_URL).toBe(`redis://:p%40ss%2Fw%3Ard@127.0.0.1:6379/0`);
    expect(out.AIRFLOW__CORE__EXECUTION_API_SERVER_URL).toBe('http://127.0.0.1:18081/execution/');
    expect(out.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN).toMatch(
      /^postgresql\+psycopg2:\/\/airflow:.+@127\.0\.0\.1:5435\/airflow$/,
    );
    expect(out.AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL).toBe('10');
    expect(out.AIRFLOW_INGESTION_SCHEDULE).toBe('@hourly');
  });

  it("hands Airflow only the secrets its tasks' containers take, never a root credential", () => {
    const env = stackEnv();
    const out = airflowEnvironment(loadSettings(env), env);
    const secrets = Object.keys(out).filter((name) => (SECRET_SETTINGS as readonly string[]).includes(name));
    expect(secrets.sort()).toEqual(
      [
        'ICEBERG_CATALOG_PASSWORD',
        'OLTP_READER_PASSWORD',
        'OLTP_REPLICATION_PASSWORD',
        'OLTP_WRITER_PASSWORD',
        'S3_INGEST_SECRET_KEY',
        'S3_MAINTENANCE_SECRET_KEY',
        'S3_SPARK_SECRET_KEY',
      ].sort(),
    );
  });

  it('refuses a malformed Airflow setting by name', () => {
    expect(() => loadSettings(stackEnv({ AIRFLOW_WORKER_CONCURRENCY: '0' }))).toThrow(/AIRFLOW_WORKER_CONCURRENCY/);
    expect(() => loadSettings(stackEnv({ AIRFLOW_PORT: '99999' }))).toThrow(/AIRFLOW_PORT/);
  });
});

describe('dagContainers', () => {
  it('names the secrets of each image without their values, and the engine and network of the runtime', () => {
    const env = stackEnv();
    const settings = loadSettings(env);
    const spec = dagContainers(settings, env);
    expect(spec.docker_url).toBe(`unix://${join(env.PLATFORM_HOME as string, 'run', 'docker.sock')}`);
    expect(spec.network_mode).toBe('host');
    const tasks = spec.images.tasks;
    expect(tasks?.image).toBe(settings.containers.images.tasks);
    expect(tasks?.secrets).toEqual({
      ...Object.fromEntries(tasksImage.secrets.map((name) => [name, name])),
      S3_SECRET_KEY: 'S3_INGEST_SECRET_KEY',
    });
    expect(tasks?.environment.S3_ACCESS_KEY).toBe('platform-ingest');
    expect(tasks?.environment.PG_PORT).toBe('5435');
    const spark = spec.images.spark;
    expect(spark?.image).toBe(settings.containers.images.spark);
    expect(spark?.secrets).toEqual({
      ICEBERG_CATALOG_PASSWORD: 'ICEBERG_CATALOG_PASSWORD',
      S3_SECRET_KEY: 'S3_SPARK_SECRET_KEY',
    });
    expect(spec.images['spark-maintenance']?.secrets.S3_SECRET_KEY).toBe('S3_MAINTENANCE_SECRET_KEY');
    expect(spec.images['spark-maintenance']?.image).toBe(settings.containers.images.spark);
    expect(spark?.environment.SPARK_MASTER_URL).toBe('spark://127.0.0.1:7077');
    // The jars' paths are the image's own (its ENV): no setting may override them.
    expect(spark?.environment).not.toHaveProperty('SPARK_JARS');
    const text = JSON.stringify(spec);
    for (const name of SECRET_SETTINGS) expect(text, name).not.toContain(loadSecret(env, name));
  });

  it("gives compose's tasks its network, the socket proxy as the engine and the services by name", () => {
    const env = stackEnv();
    const settings = loadSettings(env);
    const spec = dagContainers(settings, env, 'compose');
    expect(spec.docker_url).toBe('tcp://docker-socket-proxy:2375');
    expect(spec.network_mode).toBe('ecommerce-platform');
    expect(spec.images.tasks?.environment).toMatchObject({ PG_HOST: 'postgres', PG_PORT: '5432' });
    expect(spec.images.tasks?.environment.S3_ENDPOINT).toBe('http://minio:9000');
    expect(spec.images.spark?.environment.SPARK_MASTER_URL).toBe('spark://spark-master:7077');
    // The host's own paths mean nothing inside the compose network.
    expect(spec.images.tasks?.environment).not.toHaveProperty('PLATFORM_HOME');
    const text = JSON.stringify(spec);
    for (const name of SECRET_SETTINGS) expect(text, name).not.toContain(loadSecret(env, name));
  });
});

function loadSecret(env: NodeJS.ProcessEnv, name: string): string {
  return parseEnvFile(readFileSync(join(env.PLATFORM_HOME as string, 'platform.env'), 'utf8'))[name] as string;
}
