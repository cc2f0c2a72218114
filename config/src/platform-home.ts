import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the native runtime keeps binaries, data, logs and generated secrets: outside the repo so
 * that a fresh clone (and CI) reuses what an earlier run installed.
 *
 * As root the default is under /var/lib because PostgreSQL runs as the unprivileged `postgres`
 * user, which cannot traverse /root.
 */
export function platformHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PLATFORM_HOME) return env.PLATFORM_HOME;
  if (process.getuid?.() === 0) return '/var/lib/ecommerce-platform';
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'ecommerce-platform');
}

/**
 * Where installed binaries go. Separate from the home so that a second instance (the test stack)
 * reuses what the first one built instead of compiling it again.
 */
export function platformCache(env: NodeJS.ProcessEnv = process.env): string {
  return env.PLATFORM_CACHE || join(platformHome(env), 'cache');
}

/** The generated env file `stack up` writes secrets to when the environment does not set them. */
export function generatedEnvFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(platformHome(env), 'platform.env');
}

/** The socket of the runtime's own Docker engine (the `container-engine` service) for this home. */
export function ownDockerSocket(env: NodeJS.ProcessEnv = process.env): string {
  return join(platformHome(env), 'run', 'docker.sock');
}
