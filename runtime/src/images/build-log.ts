import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type { Settings } from '@platform/config';
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
  try {
    const { stdout } = await docker(settings, args, { input, onStderr: (chunk) => appendBuildLog(settings, chunk) });
    return stdout;
  } catch (error) {
    throw new Error(`${(error as Error).message} (full output: ${buildLogFile(settings)})`);
  }
}

/** A host command (debootstrap, npm pack) whose output goes to the build log; a failure names the log. */
export function runLogged(settings: Settings, command: string, args: string[], cwd?: string): Promise<string> {
  appendBuildLog(settings, `\n$ ${command} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      appendBuildLog(settings, chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => appendBuildLog(settings, chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${command} failed with exit code ${code} (full output: ${buildLogFile(settings)})`));
    });
  });
}
