import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Settings } from '@platform/config';
import { type CommandResult, runCommand } from '../child-process.js';
import type { ProjectImage } from '../images/project-image.js';
import { dockerEnvironment, dockerExecutable } from './docker-cli.js';
import { containerRun } from './project-container.js';

/**
 * Runs a project container to its end: writes its env file (0600), starts it with the docker
 * CLI, removes the env file afterwards. The result's code is the container's exit code (docker's
 * own failures are 125-127).
 */
export async function runProjectContainer(
  settings: Settings,
  image: ProjectImage,
  command: readonly string[],
  options: { stdio: 'inherit' | 'pipe'; env?: NodeJS.ProcessEnv } = { stdio: 'pipe' },
): Promise<CommandResult> {
  const run = containerRun(settings, image, command, options.env);
  mkdirSync(dirname(run.envFile), { recursive: true, mode: 0o700 });
  writeFileSync(run.envFile, run.envFileText, { mode: 0o600 });
  try {
    return await runCommand(dockerExecutable(), run.argv, { env: dockerEnvironment(settings), stdio: options.stdio });
  } finally {
    rmSync(run.envFile, { force: true });
  }
}
