import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findExecutable } from './apt-package.js';

/**
 * Builds a Go program from its module at an exact version into `targetDir/bin`, once. The build
 * goes to a staging directory renamed into place, so an interrupted build is simply redone.
 */
export function ensureGoBinary(
  modulePath: string,
  version: string,
  binary: string,
  targetDir: string,
  log: (m: string) => void,
): string {
  const installed = join(targetDir, 'bin', binary);
  if (existsSync(installed)) return installed;
  const go = findExecutable('go');
  if (!go)
    throw new Error(`Go is needed to build ${modulePath}: install Go 1.24+ (https://go.dev/doc/install) and retry`);
  const staging = `${targetDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'bin'), { recursive: true });
  log(`building ${modulePath}@${version} with go install (a few minutes, once)`);
  try {
    execFileSync(go, ['install', `${modulePath}@${version}`], {
      env: { ...process.env, GOBIN: join(staging, 'bin'), CGO_ENABLED: '0', GOFLAGS: '-trimpath' },
      stdio: 'pipe',
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(-3).join(' | ') ?? '';
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`go install ${modulePath}@${version} failed: ${stderr || (error as Error).message}`);
  }
  mkdirSync(dirname(targetDir), { recursive: true });
  rmSync(targetDir, { recursive: true, force: true });
  renameSync(staging, targetDir);
  return installed;
}
