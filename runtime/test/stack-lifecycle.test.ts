import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { loadSettings, postgresLogin } from '@platform/config';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { testStackEnv } from '../../tests/support/test-stack-env.js';
import { objectStoreClient } from '../src/object-store-client.js';
import { isListening } from '../src/port-check.js';
import { CORE_SERVICES, SPARK_SERVICES } from '../src/stack.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** A second, throwaway stack beside the one the test run uses, driven through the compiled CLI. */
const offset = Number(process.env.TEST_STACK_OFFSET) + 50;
// Nested inside the test run's own home, sharing its cache.
const env = { ...process.env, ...testStackEnv(process.env, offset) };
const port = (base: number) => base + offset;

// Airflow (five processes, about 2 GB) has its own end-to-end test (tests/airflow): not a third instance here.
const CORE = [...CORE_SERVICES, ...SPARK_SERVICES].map((s) => s.name);

function stack(...args: string[]) {
  return run(process.execPath, [CLI, ...args], { env, timeout: 300_000 });
}

async function failure(args: string[], extraEnv: NodeJS.ProcessEnv) {
  try {
    await run(process.execPath, [CLI, ...args], { env: { ...env, ...extraEnv }, timeout: 60_000 });
  } catch (error) {
    return error as { code: number; stderr: string };
  }
  throw new Error(`stack ${args.join(' ')} unexpectedly succeeded`);
}

describe('stack CLI', () => {
  afterAll(async () => {
    await stack('down').catch(() => undefined);
    rmSync(env.PLATFORM_HOME as string, { recursive: true, force: true });
  });

  it('is compiled', () => {
    expect(existsSync(CLI)).toBe(true);
  });

  it('brings every service up, and they answer real requests', async () => {
    const { stdout } = await stack('up', ...CORE);
    expect(stdout).toMatch(new RegExp(`postgres\\s+up\\s+${port(5435)}\\s`));
    expect(stdout).toMatch(new RegExp(`redis\\s+up\\s+${port(6379)}\\s`));
    expect(stdout).toMatch(new RegExp(`object-store\\s+up\\s+${port(9000)},${port(9001)}\\s`));
    expect(stdout).toMatch(new RegExp(`spark-master\\s+up\\s+${port(7077)},${port(8080)}\\s`));
    expect(stdout).toMatch(new RegExp(`spark-worker\\s+up\\s+${port(8082)}\\s`));

    const settings = loadSettings(env);
    const s3 = objectStoreClient(settings);
    const body = `hello lakehouse ${Date.now()} — tiếng Việt`;
    await s3.send(new PutObjectCommand({ Bucket: settings.s3.bucket, Key: 'probe/hello.txt', Body: body }));
    const got = await s3.send(new GetObjectCommand({ Bucket: settings.s3.bucket, Key: 'probe/hello.txt' }));
    expect(await got.Body?.transformToString('utf8')).toBe(body);
    s3.destroy();

    const redis = createClient({
      socket: { host: '127.0.0.1', port: settings.redis.port },
      password: settings.redis.password,
    });
    await redis.connect();
    await redis.set('probe', 'pong');
    expect(await redis.get('probe')).toBe('pong');
    await redis.close();

    const client = new pg.Client(postgresLogin(settings, 'oltpReader', settings.postgres.databases.oltp));
    await client.connect();
    const { rows } = await client.query(
      `SELECT current_setting('server_version_num')::int AS version, (SELECT count(*)::int FROM oltp.order_channel) AS channels`,
    );
    await client.end();
    expect(rows[0].version).toBeGreaterThanOrEqual(160000);
    expect(rows[0].version).toBeLessThan(170000);
    expect(rows[0].channels).toBe(5);
  });

  it('is idempotent: a second up finds everything running', async () => {
    const { stdout, stderr } = await stack('up', ...CORE);
    expect(stderr).toMatch(/postgres: already running/);
    expect(stdout).toMatch(/postgres\s+up/);
  });

  it('reports status per service and brings everything down, freeing the ports', async () => {
    const { stdout } = await stack('status', '--json', ...CORE);
    const rows = JSON.parse(stdout) as { service: string; state: string; logFile: string }[];
    expect(rows.map((r) => [r.service, r.state])).toEqual([
      ['container-engine', 'up'],
      ['postgres', 'up'],
      ['redis', 'up'],
      ['object-store', 'up'],
      ['spark-master', 'up'],
      ['spark-worker', 'up'],
    ]);
    for (const row of rows) expect(existsSync(row.logFile)).toBe(true);

    await stack('down');
    for (const base of [5435, 6379, 9000, 7077, 8080, 8082])
      expect(await isListening('127.0.0.1', port(base))).toBe(false);
    const after = await failure(['status'], {});
    expect(after.code).toBe(3);
    expect(after.stderr).toBe('');
  });

  it('refuses a port taken by another process with a one-line error', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const taken = (server.address() as { port: number }).port;
    try {
      const error = await failure(['up', 'redis'], { REDIS_PORT: String(taken) });
      expect(error.code).toBe(1);
      expect(error.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^stack: port ${taken} \\(redis\\) is already in use by another process`)),
      ]);
    } finally {
      server.close();
    }
  });

  it('says what to install when a prerequisite is missing', async () => {
    const emptyCache = mkdtempSync(join(tmpdir(), 'platform-cache-'));
    try {
      const error = await failure(['up', 'object-store'], { PLATFORM_CACHE: emptyCache, PATH: '/usr/bin:/bin' });
      expect(error.code).toBe(1);
      expect(error.stderr).toMatch(/^stack: Go is needed to build github.com\/minio\/minio@v[\w.-]+: install Go/);
    } finally {
      rmSync(emptyCache, { recursive: true, force: true });
    }
  });

  it('rejects a malformed setting before touching anything', async () => {
    const error = await failure(['status'], { PG_PORT: 'not-a-port' });
    expect(error.code).toBe(2);
    expect(error.stderr).toBe('stack: PG_PORT must be a TCP port (1-65535), got "not-a-port"\n');
  });
});
