import type { Readable } from 'node:stream';
import type { Settings } from '@platform/config';
import { lastLine, runCommand } from '../child-process.js';
import { findExecutable } from '../install/apt-package.js';

/**
 * Debian's docker CLI (20.10) from the docker.io package: with DOCKER_BUILDKIT=1 it builds with
 * BuildKit and its secrets. A newer CLI without the buildx plugin (often /usr/local/bin/docker)
 * falls back to the legacy builder, which has no secrets, so it is only the fallback.
 */
export function dockerExecutable(): string {
  const cli = findExecutable('/usr/bin/docker') ?? findExecutable('docker');
  if (!cli) throw new Error('the docker CLI is missing: install it with "apt-get install docker.io" and retry');
  return cli;
}

export function dockerEnvironment(settings: Settings): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_HOST: settings.containers.dockerHost, DOCKER_BUILDKIT: '1' };
}

/** Runs `docker <args>` against the platform's engine; rejects with the last line of its stderr. */
export async function docker(
  settings: Settings,
  args: string[],
  options: { input?: Readable; onOutput?: (chunk: string) => void } = {},
): Promise<{ stdout: string; stderr: string }> {
  const result = await runCommand(dockerExecutable(), args, { env: dockerEnvironment(settings), ...options });
  if (result.code !== 0)
    throw new Error(`docker ${args[0]} failed: ${lastLine(result.stderr) || `exit code ${result.code}`}`);
  return result;
}
