import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, postgresLogin, resolveEnvironment } from '@platform/config';
import { afterAll, describe, expect, it } from 'vitest';
import { readMigrationDir } from '../../db/src/migration-files.js';
import { withClient } from '../../db/src/postgres-client.js';
import { dropDatabase, MIGRATIONS_DIR } from '../../db/src/setup-oltp.js';
import { lastLine } from '../../runtime/src/child-process.js';
import { docker } from '../../runtime/src/containers/docker-cli.js';
import { composeEnvironment, runCompose } from '../../runtime/src/containers/docker-compose.js';
import { containerEnvironment, envFileText } from '../../runtime/src/containers/project-container.js';
import { runProjectContainer } from '../../runtime/src/containers/run-container.js';
import { localBaseBuildArgs } from '../../runtime/src/images/ensure-project-images.js';
import { airflowImage, COMPOSE_IMAGES, genDataImage, tasksImage } from '../../runtime/src/images/project-images.js';
import { REPO_ROOT } from '../../runtime/src/repo-root.js';

/**
 * The real Docker Compose v2 (built from its Go module into the cache) builds the project's images
 * from docker-compose.yaml on the test stack's engine, with the runtime's local bases as build
 * arguments. The images get names of their own, so the images other test files run are untouched.
 */

const tag = `compose-test-${process.pid}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PLATFORM_TASKS_IMAGE: `ecommerce-platform/tasks:${tag}`,
  PLATFORM_GEN_DATA_IMAGE: `ecommerce-platform/gen_data:${tag}`,
  PLATFORM_SPARK_IMAGE: `ecommerce-platform/spark:${tag}`,
  PLATFORM_AIRFLOW_IMAGE: `ecommerce-platform/airflow:${tag}`,
  // Services this build does not touch still need their secrets for compose to read the file.
  AIRFLOW_FERNET_KEY: 'unused-by-the-build',
  AIRFLOW_JWT_SECRET: 'unused-by-the-build',
  AIRFLOW_API_SECRET_KEY: 'unused-by-the-build',
};
const settings = loadSettings(env);
// Each image's own unprivileged user (its Dockerfile's USER).
const USERS: Record<string, string> = { tasks: 'node', gen_data: 'node', spark: 'spark', airflow: 'airflow' };
const log = (message: string) => process.stderr.write(`[compose] ${message}\n`);

afterAll(async () => {
  for (const image of COMPOSE_IMAGES)
    await docker(settings, ['image', 'rm', '--force', image.ref(settings)]).catch(() => 0);
});

describe('docker compose', () => {
  it('builds the project images from docker-compose.yaml on the local bases, and they run', async () => {
    const baseArgs = await localBaseBuildArgs({ settings, log }, COMPOSE_IMAGES);
    const services = COMPOSE_IMAGES.map((i) => i.composeService);
    const build = await runCompose(settings, ['--profile', 'build', 'build', ...baseArgs, ...services], {
      stdio: 'pipe',
      env,
      log,
    });
    expect(build.code, lastLine(build.stderr)).toBe(0);
    for (const image of COMPOSE_IMAGES) {
      const { stdout } = await docker(settings, [
        'image',
        'inspect',
        '--format',
        '{{.Config.User}}',
        image.ref(settings),
      ]);
      expect(stdout.trim(), image.name).toBe(USERS[image.name]);
    }
    const scenarios = await runProjectContainer(settings, genDataImage, ['scenarios'], { stdio: 'pipe', env });
    expect(scenarios.code, scenarios.stderr).toBe(0);
    expect(
      scenarios.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['normal-day', 'flash-sale', 'fraud-attack', 'promotion-blast']);
    const unknown = await runProjectContainer(settings, tasksImage, ['status', '--table', 'nope'], {
      stdio: 'pipe',
      env,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('tasks: unknown table "nope": it is not in the table registry\n');
    await expectDbMigrateToSetUpADatabase();
    expect(await airflowImageReport()).toEqual({
      import_errors: {},
      dags: ['01_ingestion', '02_transformation', '03_maintenance', 'simulate'],
      providers: Object.fromEntries(PROVIDERS.map((p) => [p, lockedVersion(p)])),
    });
  }, 1_800_000);
});

/**
 * Compose's one-shot db-migrate service, as the real Compose resolves it (entrypoint, command,
 * environment), run from the built gen_data image against the test stack's PostgreSQL on a
 * database of its own: the image carries the migrator with its migrations and reference data,
 * and the service's environment is all it needs.
 */
async function expectDbMigrateToSetUpADatabase(): Promise<void> {
  const database = `compose_migrate_${process.pid}`;
  const config = await runCompose(settings, ['config', '--format', 'json'], {
    stdio: 'pipe',
    env: { ...env, OLTP_DATABASE: database },
    log,
  });
  expect(config.code, lastLine(config.stderr)).toBe(0);
  const service = JSON.parse(config.stdout).services['db-migrate'];
  const { PG_HOST, PG_PORT } = resolveEnvironment(env);
  const dir = mkdtempSync(join(tmpdir(), 'db-migrate-'));
  const envFile = join(dir, 'db-migrate.env');
  writeFileSync(envFile, envFileText({ ...service.environment, PG_HOST, PG_PORT }), { mode: 0o600 });
  const [entrypoint, ...entrypointArgs] = service.entrypoint as string[];
  try {
    const { stdout } = await docker(settings, [
      'run',
      '--rm',
      '--network=host',
      '--pull=never',
      `--env-file=${envFile}`,
      `--entrypoint=${entrypoint}`,
      service.image,
      ...entrypointArgs,
      ...service.command,
    ]);
    const result = JSON.parse(lastLine(stdout));
    const versions = readMigrationDir(MIGRATIONS_DIR).map((m) => m.version);
    expect(result.database).toBe(database);
    expect(result.applied).toEqual(versions);
    const recorded = await withClient(postgresLogin(settings, 'superuser', database), async (c) => {
      const { rows } = await c.query('SELECT version FROM public.schema_migrations ORDER BY version');
      return rows.map((r) => Number(r.version));
    });
    expect(recorded).toEqual(versions);
    expect(Object.values(result.referenceRows as Record<string, number>).every((n) => n > 0)).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(settings, database);
  }
}

const PROVIDERS = ['apache-airflow-providers-celery', 'apache-airflow-providers-docker'];

function lockedVersion(distribution: string): string | undefined {
  const lock = readFileSync(join(REPO_ROOT, 'airflow', 'requirements.lock'), 'utf8');
  return new RegExp(`^${distribution}==(\\S+)`, 'm').exec(lock)?.[1];
}

// Parses the image's own DAGs folder as the dag-processor does (its DagBag puts the folder on
// sys.path for the orchestration package; no metadata database needed) and
// reads the providers' installed versions. The last line of stdout: Airflow logs there too.
const REPORT = `
import json, importlib.metadata, pathlib
from airflow.configuration import conf
from airflow.dag_processing.dagbag import BundleDagBag
folder = pathlib.Path(conf.get("core", "dags_folder"))
bag = BundleDagBag(dag_folder=folder, bundle_path=folder, bundle_name="dags-folder")
print(json.dumps({
    "import_errors": bag.import_errors,
    "dags": sorted(bag.dag_ids),
    "providers": {p: importlib.metadata.version(p) for p in ${JSON.stringify(PROVIDERS)}},
}))
`;

/**
 * The built Airflow image with the settings compose gives its services (PLATFORM_CONTAINERS for the
 * compose network, every non-secret setting; the DAGs need no secret to load) in a 0600 env file.
 */
async function airflowImageReport(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'airflow-image-'));
  const envFile = join(dir, 'airflow.env');
  const { PLATFORM_CONTAINERS = '' } = composeEnvironment(settings, env);
  writeFileSync(
    envFile,
    envFileText({
      ...containerEnvironment(airflowImage, resolveEnvironment(env)),
      PLATFORM_CONTAINERS,
    }),
    { mode: 0o600 },
  );
  try {
    const { stdout } = await docker(settings, [
      'run',
      '--rm',
      '--network=host',
      '--pull=never',
      `--env-file=${envFile}`,
      airflowImage.ref(settings),
      'python',
      '-c',
      REPORT,
    ]);
    return JSON.parse(lastLine(stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
