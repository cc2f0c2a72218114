import { loadSettings } from '@platform/config';
import { afterAll, describe, expect, it } from 'vitest';
import { lastLine } from '../../runtime/src/child-process.js';
import { docker } from '../../runtime/src/containers/docker-cli.js';
import { runCompose } from '../../runtime/src/containers/docker-compose.js';
import { runProjectContainer } from '../../runtime/src/containers/run-container.js';
import { localBaseBuildArgs } from '../../runtime/src/images/ensure-project-images.js';
import { genDataImage, PROJECT_IMAGES, tasksImage } from '../../runtime/src/images/project-images.js';

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
  // Services this build does not touch still need their secrets for compose to read the file.
  AIRFLOW_FERNET_KEY: 'unused-by-the-build',
  AIRFLOW_JWT_SECRET: 'unused-by-the-build',
  AIRFLOW_API_SECRET_KEY: 'unused-by-the-build',
};
const settings = loadSettings(env);
// Each image's own unprivileged user (its Dockerfile's USER).
const USERS: Record<string, string> = { tasks: 'node', gen_data: 'node', spark: 'spark' };
const log = (message: string) => process.stderr.write(`[compose] ${message}\n`);

afterAll(async () => {
  for (const image of PROJECT_IMAGES)
    await docker(settings, ['image', 'rm', '--force', image.ref(settings)]).catch(() => 0);
});

describe('docker compose', () => {
  it('builds the project images from docker-compose.yaml on the local bases, and they run', async () => {
    const baseArgs = await localBaseBuildArgs({ settings, log }, PROJECT_IMAGES);
    const services = PROJECT_IMAGES.map((i) => i.composeService);
    const build = await runCompose(settings, ['--profile', 'build', 'build', ...baseArgs, ...services], {
      stdio: 'pipe',
      env,
      log,
    });
    expect(build.code, lastLine(build.stderr)).toBe(0);
    for (const image of PROJECT_IMAGES) {
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
  }, 1_800_000);
});
