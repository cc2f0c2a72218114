import { mkdirSync } from 'node:fs';
import { CreateBucketCommand, HeadBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import type { Settings } from '@platform/config';
import { ensureGoBinary } from '../install/go-binary.js';
import { objectStoreClient } from '../object-store-client.js';
import { paths } from '../paths.js';
import { isRunning, launchDetached, stopProcess } from '../process-supervisor.js';
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

function installDir(settings: Settings): string {
  return paths.opt(settings, `minio-${MINIO.version}`);
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
    const client = objectStoreClient(settings);
    const Bucket = settings.s3.bucket;
    try {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch {
        await client.send(new CreateBucketCommand({ Bucket }));
        log(`object-store: created bucket ${Bucket}`);
      }
    } finally {
      client.destroy();
    }
  },

  async stop({ settings }) {
    await stopProcess(paths.pid(settings, NAME), 'SIGTERM');
  },
};
