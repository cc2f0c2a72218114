import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { resolveEnvironment, SECRET_SETTINGS, type Settings } from '@platform/config';
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
 * The environment a container of `image` gets: every resolved setting that is not a secret and
 * not host-only, plus only the secrets the image's role needs.
 */
export function containerEnvironment(image: ProjectImage, resolved: Record<string, string>): Record<string, string> {
  const allowed = new Set<string>(image.secrets);
  return Object.fromEntries(
    Object.entries(resolved).filter(([name]) => !HOST_ONLY.has(name) && (!SECRETS.has(name) || allowed.has(name))),
  );
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
