import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { OBJECT_STORE_USERS, resolveEnvironment, SECRET_SETTINGS, type Settings } from '@platform/config';
import type { ProjectImage } from '../images/project-image.js';
import { paths } from '../paths.js';
import { STACK_LABEL, stackId } from './stack-identity.js';

/**
 * How a container of one of the project's images is run, in one place: `npm start`, the `stack
 * run` wrappers, the tests and the benchmarks build their `docker run` from here, and Airflow's
 * DockerOperator passes the same parameters (docs/runtime.md, "Running a project container").
 */
export interface ContainerRun {
  /** Container name: `ecommerce-platform-<stack>-<image>-<random>`, unique per run. */
  name: string;
  /** Arguments of `docker` (the CLI), image and command included. */
  argv: string[];
  /** Where the caller writes `envFileText` (mode 0600) before starting and removes it after. */
  envFile: string;
  envFileText: string;
}

/** Settings that describe the host, not the container: paths on the host, the engine, the builds. */
const HOST_ONLY = new Set(['PLATFORM_HOME', 'PLATFORM_CACHE', 'DOCKER_HOST', 'PLATFORM_BUILD_CA_FILE']);
const SECRETS = new Set<string>(SECRET_SETTINGS);

/**
 * The secrets a container of `image` gets: its variable -> the setting whose value it takes. Its
 * object-store user's secret key arrives as S3_SECRET_KEY, which the apps read.
 */
export function containerSecrets(image: ProjectImage): Record<string, string> {
  const secrets: Record<string, string> = Object.fromEntries(image.secrets.map((name) => [name, name]));
  if (image.objectStoreUser) secrets.S3_SECRET_KEY = OBJECT_STORE_USERS[image.objectStoreUser].secretSetting;
  return secrets;
}

/**
 * What a container of `image` gets besides its secrets: every resolved setting that is neither a
 * secret nor host-only, and its object-store user's access key as S3_ACCESS_KEY.
 */
export function plainEnvironment(image: ProjectImage, resolved: Record<string, string>): Record<string, string> {
  const plain = Object.fromEntries(
    Object.entries(resolved).filter(([name]) => !HOST_ONLY.has(name) && !SECRETS.has(name)),
  );
  if (image.objectStoreUser) plain.S3_ACCESS_KEY = OBJECT_STORE_USERS[image.objectStoreUser].accessKey;
  return plain;
}

/** The whole environment of a container of `image`: the plain settings and its own secrets, no other. */
export function containerEnvironment(image: ProjectImage, resolved: Record<string, string>): Record<string, string> {
  const env = plainEnvironment(image, resolved);
  for (const [name, setting] of Object.entries(containerSecrets(image))) {
    const value = resolved[setting];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Docker's env-file format: `NAME=value` lines, the value taken literally up to the end of the line. */
export function envFileText(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => {
      if (/[\r\n]/.test(value)) throw new Error(`${name} contains a line break, which an env file cannot carry`);
      return `${name}=${value}\n`;
    })
    .join('');
}

/**
 * `docker run` for `image` with `command`: removed when it ends, the host's network (everything
 * it reaches is on loopback), an init process so signals reach node, never a pull (no registry),
 * the stack's label so `stack down` finds it, and the settings in an env file, so that no secret
 * appears on a command line. `env` is the environment the settings are resolved from.
 */
export function containerRun(
  settings: Settings,
  image: ProjectImage,
  command: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ContainerRun {
  const stack = stackId(settings);
  const name = `ecommerce-platform-${stack}-${image.name}-${randomBytes(3).toString('hex')}`;
  const envFile = join(paths.run(settings), 'containers', `${name}.env`);
  return {
    name,
    envFile,
    envFileText: envFileText(containerEnvironment(image, resolveEnvironment(env))),
    argv: [
      'run',
      '--rm',
      '--init',
      '--network=host',
      '--pull=never',
      `--name=${name}`,
      `--label=${STACK_LABEL}=${stack}`,
      `--label=io.ecommerce-platform.image=${image.name}`,
      `--env-file=${envFile}`,
      image.ref(settings),
      ...command,
    ],
  };
}
