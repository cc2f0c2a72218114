import { type ChildProcess, spawn } from 'node:child_process';
import { FAULT_PAUSE_VARIABLE, type FaultPoint } from '../../src/fault-points.js';
import type { Json } from './lake-readers.js';

/**
 * Runs the CLI told to pause at `point`, and kill -9s it the moment it announces on stderr that it
 * got there: the crash happens exactly at that point, never sooner or later.
 */
export function killAt(
  cli: string,
  env: NodeJS.ProcessEnv,
  point: FaultPoint,
  args: string[],
): Promise<{ signal: string | null; code: number | null; reached: boolean }> {
  const child: ChildProcess = spawn(process.execPath, [cli, ...args], {
    env: { ...env, [FAULT_PAUSE_VARIABLE]: `${point}:600000` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let reached = false;
  let pending = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!reached && line.startsWith('{') && (JSON.parse(line) as Json).fault_point === point) {
        reached = true;
        child.kill('SIGKILL');
      }
    }
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, reached })));
}
