import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '@platform/config';
import { containersLabelled, enginePing, removeContainer } from '../containers/engine-api.js';
import { unmountUnder } from '../containers/leftover-mounts.js';
import { STACK_LABEL, stackId } from '../containers/stack-identity.js';
import { type AptPackage, ensureAptExecutable } from '../install/apt-package.js';
import { paths } from '../paths.js';
import { isRunning, launchDetached, stopProcess } from '../process-supervisor.js';
import type { Service } from '../service.js';

const NAME = 'container-engine';

/** Debian bookworm's engine (API 1.41), pinned to what `apt-cache policy docker.io` offered. */
export const DOCKER_IO: AptPackage = { name: 'docker.io', version: '20.10.24+dfsg1-1+deb12u1+b6' };

/** containerd's sockets live in the exec root, and a unix socket path has at most 104 bytes here. */
const LONGEST_SOCKET = '/containerd/containerd-debug.sock';
const SOCKET_PATH_MAX = 104;

/**
 * The engine's exec root (its sockets and runtime state): under the platform home, unless that
 * path is too long for containerd's sockets (deeply nested homes, as test stacks have); then a
 * short one under /run, named after the stack.
 */
export function execRoot(settings: Settings): string {
  const underHome = join(paths.run(settings), 'docker');
  if (underHome.length + LONGEST_SOCKET.length <= SOCKET_PATH_MAX) return underHome;
  return `/run/ecommerce-platform-${stackId(settings)}`;
}

/** Everything of the runtime's own engine lives apart from any system Docker. */
function layout(settings: Settings) {
  return {
    dataRoot: paths.data(settings, NAME),
    execRoot: execRoot(settings),
    // dockerd refuses to start when its pid file names a live process, so it gets its own file,
    // apart from the one the supervisor writes for the process it launched.
    dockerdPidFile: join(paths.run(settings), 'dockerd.pid'),
    socket: settings.containers.dockerHost,
  };
}

function noEngine(): Error {
  return new Error(
    'a Docker engine is needed: run as root (the runtime then installs Debian docker.io and starts its own engine) or set DOCKER_HOST to an engine you may use',
  );
}

/** Removes every container this stack started, running or not. */
async function removeOurContainers(settings: Settings, log: (m: string) => void): Promise<void> {
  const host = settings.containers.dockerHost;
  const ours = await containersLabelled(host, STACK_LABEL, stackId(settings));
  for (const container of ours) await removeContainer(host, container.Id);
  if (ours.length > 0) log(`${NAME}: removed ${ours.length} container(s) of this stack`);
}

/**
 * A Docker engine for the project's containers: Debian's dockerd, installed when missing (as
 * root), with its data root, exec root, pid file and socket under the platform home, no bridge
 * and no iptables rules (containers use the host's network, so all traffic stays on loopback).
 * With DOCKER_HOST naming another engine, that engine is used and never installed or stopped.
 */
export const containerEngine: Service = {
  name: NAME,
  ports: () => [],
  endpoint: (s) => s.containers.dockerHost,
  dataDir: (s) => (s.containers.externalEngine ? s.containers.dockerHost : paths.data(s, NAME)),
  logFile: (s) => paths.log(s, NAME),
  running: (s) => s.containers.externalEngine || isRunning(paths.pid(s, NAME)),

  async install({ settings, log }) {
    if (settings.containers.externalEngine) return;
    if (process.getuid?.() !== 0) throw noEngine();
    ensureAptExecutable('dockerd', DOCKER_IO, log);
  },

  async start({ settings, log }) {
    if (settings.containers.externalEngine) return;
    const dockerd = ensureAptExecutable('dockerd', DOCKER_IO, log);
    const { dataRoot, execRoot, dockerdPidFile, socket } = layout(settings);
    mkdirSync(dataRoot, { recursive: true });
    mkdirSync(execRoot, { recursive: true });
    const namespace = `ecommerce-platform-${stackId(settings)}`;
    launchDetached({
      command: dockerd,
      args: [
        `--data-root=${dataRoot}`,
        `--exec-root=${execRoot}`,
        `--pidfile=${dockerdPidFile}`,
        `--host=${socket}`,
        '--bridge=none',
        '--iptables=false',
        '--ip-masq=false',
        '--ip-forward=false',
        // Should the engine find a system containerd, its containers still stay apart from others'.
        `--containerd-namespace=${namespace}`,
        `--containerd-plugins-namespace=${namespace}-plugins`,
      ],
      logFile: this.logFile(settings),
      pidFile: paths.pid(settings, NAME),
    });
  },

  async ready({ settings }) {
    return enginePing(settings.containers.dockerHost);
  },

  async stop({ settings, log }) {
    const answering = await enginePing(settings.containers.dockerHost).catch(() => false);
    if (answering) await removeOurContainers(settings, log);
    if (!settings.containers.externalEngine) {
      // dockerd stops what else runs in it and its containerd before it exits.
      await stopProcess(paths.pid(settings, NAME), 'SIGTERM', 60_000);
      const { dataRoot, execRoot } = layout(settings);
      unmountUnder(dataRoot);
      unmountUnder(execRoot);
    }
  },
};
