import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { resolveEnvironment, type Settings } from '@platform/config';
import { dagContainers } from '../airflow/dag-containers.js';
import { type CommandResult, runCommand } from '../child-process.js';
import { findExecutable } from '../install/apt-package.js';
import { ensureGoModuleBuild } from '../install/go-binary.js';
import { paths } from '../paths.js';
import { REPO_ROOT } from '../repo-root.js';

/**
 * Docker Compose v2, built from its Go module into the cache: no image registry or release
 * download is reachable here, and Debian bookworm packages only the deprecated v1. Its go.mod
 * has exclude directives, so it is built inside a throwaway module (install/go-binary.ts).
 */
export const COMPOSE = { package: 'github.com/docker/compose/v2/cmd', version: 'v2.40.3' } as const;

export function ensureCompose(settings: Settings, log: (m: string) => void): string {
  return ensureGoModuleBuild(
    COMPOSE.version,
    COMPOSE.package,
    'docker-compose',
    paths.opt(settings, `docker-compose-${COMPOSE.version}`),
    log,
    `-s -w -X github.com/docker/compose/v2/internal.Version=${COMPOSE.version}`,
  );
}

const SPEC_MODULE = 'github.com/compose-spec/compose-go/v2';

/**
 * The Compose Specification's JSON schema as the built Compose validates files against it: the
 * schema of the compose-go module version recorded in the binary (`go version -m`), from the Go
 * module cache (downloaded through the module proxy when missing).
 */
export function composeSpecSchema(settings: Settings, log: (m: string) => void): string {
  const binary = ensureCompose(settings, log);
  const go = findExecutable('go');
  if (!go) throw new Error('Go is needed to find the Compose Specification schema: install Go 1.24+ and retry');
  const modules = execFileSync(go, ['version', '-m', binary], { encoding: 'utf8' });
  const version = new RegExp(`^\\s*dep\\s+${SPEC_MODULE.replace(/\./g, '\\.')}\\s+(\\S+)`, 'm').exec(modules)?.[1];
  if (!version) throw new Error(`${binary} records no ${SPEC_MODULE} module`);
  const download = execFileSync(go, ['mod', 'download', '-json', `${SPEC_MODULE}@${version}`], { encoding: 'utf8' });
  return join((JSON.parse(download) as { Dir: string }).Dir, 'schema', 'compose-spec.json');
}

/**
 * Compose's environment: the resolved settings (docker-compose.yaml interpolates the canonical
 * names), what the DAGs' containers need on the compose network (PLATFORM_CONTAINERS, computed as
 * for the native runtime), the platform's engine, and builds on the host's network when that
 * engine is the runtime's own (it has no bridge).
 */
export function composeEnvironment(settings: Settings, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    ...resolveEnvironment(env),
    PLATFORM_CONTAINERS: JSON.stringify(dagContainers(settings, env, 'compose')),
    DOCKER_BUILDKIT: '1',
    ...(settings.containers.externalEngine ? {} : { PLATFORM_BUILD_NETWORK: 'host' }),
    DOCKER_HOST: settings.containers.dockerHost,
  };
}

/** Runs `docker compose <args>` on the repository's docker-compose.yaml. */
export function runCompose(
  settings: Settings,
  args: readonly string[],
  options: { stdio: 'inherit' | 'pipe'; env?: NodeJS.ProcessEnv; log: (m: string) => void },
): Promise<CommandResult> {
  return runCommand(ensureCompose(settings, options.log), ['--project-directory', REPO_ROOT, ...args], {
    cwd: REPO_ROOT,
    env: composeEnvironment(settings, options.env),
    stdio: options.stdio,
  });
}
