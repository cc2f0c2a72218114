import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadSettings, SECRET_SETTINGS, type Settings } from '@platform/config';
import { afterAll, describe, expect, it } from 'vitest';
import { testStackEnv } from '../../tests/support/test-stack-env.js';
import { docker } from '../src/containers/docker-cli.js';
import { enginePing, engineVersion } from '../src/containers/engine-api.js';
import { STACK_LABEL, stackId } from '../src/containers/stack-identity.js';
import { isAlive, readPid } from '../src/process-supervisor.js';
import { DOCKER_IO, execRoot } from '../src/services/container-engine.js';

/**
 * The container-engine service through the compiled CLI, on stacks of its own beside the test
 * run's: its own engine (installed, started, shown, stopped), an engine named by DOCKER_HOST
 * (used, never stopped), and a user who can have neither.
 */

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const offset = Number(process.env.TEST_STACK_OFFSET);
const homes: string[] = [];

function stackEnv(extraOffset: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...testStackEnv(process.env, offset + extraOffset), ...extra };
  homes.push(env.PLATFORM_HOME as string);
  return env;
}

function stack(env: NodeJS.ProcessEnv, ...args: string[]) {
  return run(process.execPath, [CLI, ...args], { env, timeout: 300_000 });
}

/**
 * A one-layer image holding the host's `sleep` and the libraries it links: enough for a container
 * that stays up, imported in a second whatever the engine already holds.
 */
async function importSleeper(settings: Settings): Promise<string> {
  const { stdout } = await run('ldd', ['/usr/bin/sleep']);
  const libraries = [...stdout.matchAll(/\/(\S+)/g)].map((m) => m[1] as string);
  const tar = spawn('tar', ['--create', '--dereference', '--directory=/', 'usr/bin/sleep', ...libraries], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await docker(settings, ['image', 'import', '-', 'engine-test/sleeper:1'], { input: tar.stdout });
  return 'engine-test/sleeper:1';
}

/** Starts a detached container labelled as `stack`'s; returns its id and its process on the host. */
async function sleeper(settings: Settings, stack: string): Promise<{ id: string; pid: number }> {
  const image = await importSleeper(settings);
  const { stdout } = await docker(settings, [
    'run',
    '-d',
    `--label=${STACK_LABEL}=${stack}`,
    image,
    '/usr/bin/sleep',
    '600',
  ]);
  const id = stdout.trim();
  const inspected = await docker(settings, ['inspect', '--format', '{{.State.Pid}}', id]);
  return { id, pid: Number(inspected.stdout.trim()) };
}

afterAll(async () => {
  for (const home of homes) {
    await run(process.execPath, [CLI, 'down', 'container-engine'], {
      env: { ...process.env, PLATFORM_HOME: home, DOCKER_HOST: '' },
    }).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  }
});

describe('container-engine: the runtime’s own engine', () => {
  const env = stackEnv(60);
  const settings = loadSettings(env);
  const pidFile = join(settings.home, 'run', 'container-engine.pid');

  it('installs Debian docker.io and starts dockerd under the platform home, without bridge or iptables', async () => {
    const { stdout } = await stack(env, 'up', 'container-engine');
    const socket = `unix://${join(settings.home, 'run', 'docker.sock')}`;
    expect(stdout).toMatch(new RegExp(`container-engine\\s+up\\s+${socket}\\s`));
    // What apt installed, pinned (the runtime installs this version when dockerd is missing).
    const { stdout: installed } = await run('dpkg-query', ['--show', 'docker.io']);
    expect(installed.trim()).toBe(`docker.io\t${DOCKER_IO.version}`);
    expect(await engineVersion(socket)).toMatchObject({
      Version: expect.stringMatching(/^20\.10\./),
      ApiVersion: '1.41',
    });
    const info = await docker(settings, ['info', '--format', '{{.DockerRootDir}} {{.Driver}}']);
    expect(info.stdout.trim()).toBe(`${join(settings.home, 'data', 'container-engine')} overlay2`);
    const dockerd = readPid(pidFile) as number;
    const argv = readFileSync(`/proc/${dockerd}/cmdline`, 'utf8').split('\0');
    expect(argv).toEqual(expect.arrayContaining(['--bridge=none', '--iptables=false', `--host=${socket}`]));
    // Under the home, or a short path when the home is too deep for containerd's sockets.
    expect(argv).toContain(`--exec-root=${execRoot(settings)}`);
    expect(execRoot(settings).length + '/containerd/containerd-debug.sock'.length).toBeLessThanOrEqual(104);
  });

  it('shows the engine in status and stops it with down, leaving no container running', async () => {
    const { stdout } = await stack(env, 'status', '--json').catch((e: { stdout: string }) => e);
    const rows = JSON.parse(stdout) as { service: string; state: string; endpoint?: string }[];
    expect(rows.find((r) => r.service === 'container-engine')).toMatchObject({
      state: 'up',
      endpoint: settings.containers.dockerHost,
    });
    const ours = await sleeper(settings, stackId(settings));
    const stranger = await sleeper(settings, 'another-stack');
    const dockerd = readPid(pidFile) as number;
    expect([isAlive(ours.pid), isAlive(stranger.pid), isAlive(dockerd)]).toEqual([true, true, true]);

    const { stderr } = await stack(env, 'down', 'container-engine');
    expect(stderr).toMatch(/container-engine: removed 1 container\(s\) of this stack/);
    // The engine's own shutdown stops what else ran in it: nothing of it is left running.
    expect([isAlive(ours.pid), isAlive(stranger.pid), isAlive(dockerd)]).toEqual([false, false, false]);
    expect(existsSync(pidFile)).toBe(false);
    await expect(enginePing(settings.containers.dockerHost)).rejects.toThrow();
  });
});

describe('container-engine: an engine named by DOCKER_HOST', () => {
  // The test run's own engine, as another user's engine would be.
  const shared = loadSettings();
  const env = stackEnv(70, { DOCKER_HOST: shared.containers.dockerHost });
  const settings = loadSettings(env);

  it('is used, never started nor stopped, and down removes only this stack’s containers', async () => {
    const { stdout } = await stack(env, 'up', 'container-engine');
    expect(stdout).toMatch(/container-engine\s+up\s+unix:\/\//);
    expect(existsSync(join(settings.home, 'run', 'container-engine.pid'))).toBe(false);

    const ours = await sleeper(settings, stackId(settings));
    const other = await sleeper(settings, 'another-stack');
    try {
      await stack(env, 'down', 'container-engine');
      expect(isAlive(ours.pid)).toBe(false);
      expect(isAlive(other.pid)).toBe(true);
      expect(await enginePing(shared.containers.dockerHost)).toBe(true);
    } finally {
      await docker(shared, ['rm', '--force', other.id]);
    }
  });
});

describe('container-engine: no engine to be had', () => {
  it('ends with one line that says what to do, for a user who is not root and names no engine', async () => {
    const home = mkdtempSync(join(tmpdir(), 'no-engine-'));
    homes.push(home);
    chmodSync(home, 0o777);
    const { stdout: nobody } = await run('id', ['-u', 'nobody']);
    const error = await run(process.execPath, [CLI, 'up', 'container-engine'], {
      // Every secret set: nothing to generate, so the one line is all it prints.
      env: {
        PATH: process.env.PATH,
        PLATFORM_HOME: home,
        HOME: home,
        ...Object.fromEntries(SECRET_SETTINGS.map((n) => [n, 'x'])),
      },
      uid: Number(nobody.trim()),
    }).then(
      () => {
        throw new Error('up succeeded without an engine');
      },
      (e: { code: number; stderr: string }) => e,
    );
    expect(error.code).toBe(1);
    expect(error.stderr).toBe(
      'stack: a Docker engine is needed: run as root (the runtime then installs Debian docker.io and starts its own engine) or set DOCKER_HOST to an engine you may use\n',
    );
  });
});
