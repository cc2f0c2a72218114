import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../process-supervisor.js';

/**
 * Runs `work` while holding a lock shared by every process on the machine (test stacks side by
 * side build into one cache). The lock is a directory (mkdir is atomic) holding the owner's pid;
 * a lock whose owner died is taken over.
 */
export async function withFileLock<T>(path: string, work: () => Promise<T>, timeoutMs = 30 * 60_000): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  const owner = join(path, 'pid');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(path);
      writeFileSync(owner, `${process.pid}\n`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let pid = Number.NaN;
      try {
        pid = Number(readFileSync(owner, 'utf8').trim());
      } catch {
        // The owner has made the directory but not yet written its pid: wait for it.
      }
      if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) rmSync(path, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(`waited ${Math.round(timeoutMs / 60_000)} min for the lock ${path}`);
      else await sleep(500);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}
