import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'redis';
import { ensureAptExecutable } from '../install/apt-package.js';
import { paths } from '../paths.js';
import { isRunning, launchDetached, stopProcess } from '../process-supervisor.js';
import type { Service } from '../service.js';

const NAME = 'redis';

export const redisServer: Service = {
  name: NAME,
  ports: (s) => [s.redis.port],
  dataDir: (s) => paths.data(s, NAME),
  logFile: (s) => paths.log(s, NAME),
  running: (s) => isRunning(paths.pid(s, NAME)),

  async install({ log }) {
    ensureAptExecutable('redis-server', 'redis-server', log);
  },

  async start({ settings, log }) {
    const executable = ensureAptExecutable('redis-server', 'redis-server', log);
    const dataDir = this.dataDir(settings);
    mkdirSync(dataDir, { recursive: true });
    // The password goes in a 0600 config file rather than argv, where `ps` would show it.
    const config = join(dataDir, 'redis.conf');
    writeFileSync(
      config,
      [
        `port ${settings.redis.port}`,
        `bind ${settings.redis.host}`,
        `requirepass ${settings.redis.password}`,
        `dir ${dataDir}`,
        // Celery's broker state is disposable; persistence would only slow tests down.
        'save ""',
        'appendonly no',
        'daemonize no',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    launchDetached({
      command: executable,
      args: [config],
      logFile: this.logFile(settings),
      pidFile: paths.pid(settings, NAME),
    });
  },

  async ready({ settings }) {
    const client = createClient({
      socket: { host: settings.redis.host, port: settings.redis.port, connectTimeout: 1000, reconnectStrategy: false },
      password: settings.redis.password,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } finally {
      if (client.isOpen) await client.close();
    }
  },

  async stop({ settings }) {
    await stopProcess(paths.pid(settings, NAME), 'SIGTERM');
  },
};
