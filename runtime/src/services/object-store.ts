import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { OBJECT_STORE_USERS, type ObjectStoreUser, type Settings } from '@platform/config';
import { lastLine, runCommand } from '../child-process.js';
import { ensureGoBinary } from '../install/go-binary.js';
import { objectStoreClient } from '../object-store-client.js';
import { paths } from '../paths.js';
import { isRunning, launchDetached, stopProcess } from '../process-supervisor.js';
import { REPO_ROOT } from '../repo-root.js';
import type { Service } from '../service.js';

const NAME = 'object-store';

/**
 * MinIO, the server docker-compose runs, built unmodified from its Go module and run as a separate
 * process (it is AGPL-3.0). Upstream no longer tags releases, so the pin is a module pseudo-version.
 */
export const MINIO = {
  module: 'github.com/minio/minio',
  version: 'v0.0.0-20260212201848-7aac2a2c5b7c',
} as const;

/** MinIO's client, which minio/init.sh drives (compose runs the same script in the mc image). */
export const MC = {
  module: 'github.com/minio/mc',
  version: 'v0.0.0-20250313080218-cf909e1063a9',
} as const;

function installDir(settings: Settings): string {
  return paths.opt(settings, `minio-${MINIO.version}`);
}

function ensureMc(settings: Settings, log: (m: string) => void): string {
  return ensureGoBinary(MC.module, MC.version, 'mc', paths.opt(settings, `mc-${MC.version}`), log);
}

/**
 * minio/init.sh: the bucket, one user per service with its policy, no anonymous access. The
 * root credential reaches mc as MC_HOST_platform, never on a command line.
 */
async function initObjectStore(settings: Settings, log: (m: string) => void): Promise<void> {
  const mc = ensureMc(settings, log);
  const url = new URL(settings.s3.endpoint);
  url.username = encodeURIComponent(settings.s3.accessKey);
  url.password = encodeURIComponent(settings.s3.secretKey);
  const env: NodeJS.ProcessEnv = {
    PATH: `${dirname(mc)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    MC_CONFIG_DIR: join(paths.run(settings), 'mc'),
    MC_HOST_platform: url.toString().replace(/\/$/, ''),
    S3_BUCKET: settings.s3.bucket,
    ICEBERG_WAREHOUSE: settings.iceberg.warehouse,
    ...Object.fromEntries(
      (Object.keys(OBJECT_STORE_USERS) as ObjectStoreUser[]).map((user) => [
        OBJECT_STORE_USERS[user].secretSetting,
        settings.s3.users[user].secretKey,
      ]),
    ),
  };
  const result = await runCommand('sh', [join(REPO_ROOT, 'minio', 'init.sh')], { env, stdio: 'pipe' });
  if (result.code !== 0) throw new Error(`object-store: minio/init.sh failed: ${lastLine(result.stderr)}`);
  log(lastLine(result.stdout));
}

function hostOf(endpoint: string): { host: string; port: number } {
  const url = new URL(endpoint);
  return { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
}

export const objectStore: Service = {
  name: NAME,
  ports: (s) => [hostOf(s.s3.endpoint).port, s.s3.consolePort],
  dataDir: (s) => paths.data(s, NAME),
  logFile: (s) => paths.log(s, NAME),
  running: (s) => isRunning(paths.pid(s, NAME)),

  async install({ settings, log }) {
    ensureGoBinary(MINIO.module, MINIO.version, 'minio', installDir(settings), log);
    ensureMc(settings, log);
  },

  async start({ settings, log }) {
    const { accessKey, secretKey, consolePort } = settings.s3;
    if (accessKey.length < 3 || secretKey.length < 8) {
      throw new Error('S3_ACCESS_KEY needs at least 3 characters and S3_SECRET_KEY at least 8 (MinIO refuses shorter)');
    }
    const binary = ensureGoBinary(MINIO.module, MINIO.version, 'minio', installDir(settings), log);
    const { host, port } = hostOf(settings.s3.endpoint);
    mkdirSync(this.dataDir(settings), { recursive: true });
    launchDetached({
      command: binary,
      args: [
        'server',
        this.dataDir(settings),
        '--address',
        `${host}:${port}`,
        '--console-address',
        `${host}:${consolePort}`,
        '--quiet',
      ],
      env: {
        ...process.env,
        MINIO_ROOT_USER: accessKey,
        MINIO_ROOT_PASSWORD: secretKey,
        MINIO_REGION: settings.s3.region,
        MINIO_UPDATE: 'off',
      },
      logFile: this.logFile(settings),
      pidFile: paths.pid(settings, NAME),
    });
  },

  async ready({ settings }) {
    const client = objectStoreClient(settings);
    try {
      await client.send(new ListBucketsCommand({}));
      return true;
    } finally {
      client.destroy();
    }
  },

  async afterReady({ settings, log }) {
    await initObjectStore(settings, log);
  },

  async stop({ settings }) {
    await stopProcess(paths.pid(settings, NAME), 'SIGTERM');
  },
};
