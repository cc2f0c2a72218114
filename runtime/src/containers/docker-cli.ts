import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { Settings } from '@platform/config';
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

export interface DockerOptions {
  /** Piped into the command's stdin (docker import, docker load). */
  input?: Readable;
  /** Progress lines (a build's output) go here as they come, besides being collected. */
  onStderr?: (chunk: string) => void;
}

/** Runs `docker <args>` against the platform's engine; rejects with the last line of its stderr. */
export function docker(
  settings: Settings,
  args: string[],
  options: DockerOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(dockerExecutable(), args, {
      env: dockerEnvironment(settings),
      stdio: 'pipe',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      options.onStderr?.(chunk.toString('utf8'));
    });
    if (options.input) options.input.pipe(child.stdin);
    else child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ stdout, stderr });
      else {
        const last = stderr.trim().split('\n').filter(Boolean).pop() ?? `exit code ${code}`;
        reject(new Error(`docker ${args[0]} failed: ${last}`));
      }
    });
  });
}
