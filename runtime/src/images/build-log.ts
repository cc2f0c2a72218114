import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type { Settings } from '@platform/config';
import { runCommand } from '../child-process.js';
import { docker } from '../containers/docker-cli.js';
import { paths } from '../paths.js';

/** Where the long output of image builds goes, so the terminal shows one line per image. */
export function buildLogFile(settings: Settings): string {
  return paths.log(settings, 'image-builds');
}

export function appendBuildLog(settings: Settings, text: string): void {
  const file = buildLogFile(settings);
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, text);
}

/** A docker command whose output goes to the build log; a failure names the log. */
export async function dockerLogged(settings: Settings, args: string[], input?: Readable): Promise<string> {
  appendBuildLog(settings, `\n$ docker ${args.join(' ')}\n`);
  const started = performance.now();
  try {
    const { stdout } = await docker(settings, args, { input, onOutput: (chunk) => appendBuildLog(settings, chunk) });
    appendBuildLog(settings, `# done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return stdout;
  } catch (error) {
    throw new Error(`${(error as Error).message} (full output: ${buildLogFile(settings)})`);
  }
}

/** A host command (debootstrap, npm pack) whose output goes to the build log; a failure names the log. */
export async function runLogged(settings: Settings, command: string, args: string[], cwd?: string): Promise<string> {
  appendBuildLog(settings, `\n$ ${command} ${args.join(' ')}\n`);
  const started = performance.now();
  const result = await runCommand(command, args, { cwd, onOutput: (chunk) => appendBuildLog(settings, chunk) });
  if (result.code !== 0) {
    throw new Error(`${command} failed with exit code ${result.code} (full output: ${buildLogFile(settings)})`);
  }
  appendBuildLog(settings, `# done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return result.stdout;
}
