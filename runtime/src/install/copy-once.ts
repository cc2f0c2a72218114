import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Copies a directory into the platform home under a versioned name, atomically: a copy that was
 * interrupted never looks installed because the marker is written last and the rename is atomic.
 */
export function copyOnce(source: string, target: string): void {
  const marker = join(target, '.installed');
  if (existsSync(marker)) return;
  const staging = `${target}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  cpSync(source, staging, { recursive: true, verbatimSymlinks: true });
  writeFileSync(join(staging, '.installed'), `${new Date().toISOString()}\n`);
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}
