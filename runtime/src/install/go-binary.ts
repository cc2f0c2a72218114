import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findExecutable } from './apt-package.js';

const GO_ENV = { CGO_ENABLED: '0', GOFLAGS: '-trimpath' };

/**
 * Builds a Go program once into `targetDir/bin/<binary>`. The build goes to a staging directory
 * renamed into place, so an interrupted build is simply redone and parallel builds never see a
 * half-written binary.
 */
function buildOnce(
  what: string,
  binary: string,
  targetDir: string,
  log: (m: string) => void,
  build: (go: string, staging: string) => void,
): string {
  const installed = join(targetDir, 'bin', binary);
  if (existsSync(installed)) return installed;
  const go = findExecutable('go');
  if (!go) throw new Error(`Go is needed to build ${what}: install Go 1.24+ (https://go.dev/doc/install) and retry`);
  const staging = `${targetDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'bin'), { recursive: true });
  log(`building ${what} with Go (a few minutes, once)`);
  try {
    build(go, staging);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(-3).join(' | ') ?? '';
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`building ${what} failed: ${stderr || (error as Error).message}`);
  }
  rmSync(join(staging, 'module'), { recursive: true, force: true });
  mkdirSync(dirname(targetDir), { recursive: true });
  rmSync(targetDir, { recursive: true, force: true });
  renameSync(staging, targetDir);
  return installed;
}

/** `go install module@version`: for modules whose go.mod allows it (no replace or exclude directives). */
export function ensureGoBinary(
  modulePath: string,
  version: string,
  binary: string,
  targetDir: string,
  log: (m: string) => void,
): string {
  return buildOnce(`${modulePath}@${version}`, binary, targetDir, log, (go, staging) => {
    execFileSync(go, ['install', `${modulePath}@${version}`], {
      env: { ...process.env, ...GO_ENV, GOBIN: join(staging, 'bin') },
      stdio: 'pipe',
    });
  });
}

/**
 * Builds package `pkg` at the module version `version` inside a throwaway module: `go install` refuses modules
 * whose go.mod has exclude or replace directives (Docker Compose), `go get` + `go build` do not.
 */
export function ensureGoModuleBuild(
  version: string,
  pkg: string,
  binary: string,
  targetDir: string,
  log: (m: string) => void,
  ldflags = '',
): string {
  return buildOnce(`${pkg}@${version}`, binary, targetDir, log, (go, staging) => {
    const module = join(staging, 'module');
    mkdirSync(module, { recursive: true });
    writeFileSync(join(module, 'go.mod'), 'module throwaway\n\ngo 1.24\n');
    const run = (args: string[]) =>
      execFileSync(go, args, { cwd: module, env: { ...process.env, ...GO_ENV }, stdio: 'pipe' });
    run(['get', `${pkg}@${version}`]);
    run(['build', `-ldflags=${ldflags}`, '-o', join(staging, 'bin', binary), pkg]);
  });
}
