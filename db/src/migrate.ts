import type { PostgresLogin } from '@platform/config';
import type pg from 'pg';
import { type MigrationFile, readMigrationDir } from './migration-files.js';
import { type AppliedMigration, planMigrations } from './migration-plan.js';
import { withClient } from './postgres-client.js';

/** Any fixed number: it only has to differ from other advisory locks taken on this database. */
const MIGRATION_LOCK_KEY = 7_210_001;

async function historyExists(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query(`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present`);
  return rows[0].present as boolean;
}

async function userRelationCount(client: pg.Client): Promise<number> {
  const { rows } = await client.query(`
    SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`);
  return rows[0].n as number;
}

async function ensureHistory(client: pg.Client, database: string): Promise<AppliedMigration[]> {
  if (!(await historyExists(client))) {
    const relations = await userRelationCount(client);
    if (relations > 0) {
      throw new Error(
        `database "${database}" holds ${relations} relations but no migration history (public.schema_migrations): refusing to migrate a database in an unknown state`,
      );
    }
    await client.query(`
      CREATE TABLE public.schema_migrations (
        version    integer PRIMARY KEY CHECK (version > 0),
        name       text NOT NULL,
        checksum   text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
  }
  const { rows } = await client.query<AppliedMigration>(
    'SELECT version, name, checksum FROM public.schema_migrations ORDER BY version',
  );
  return rows;
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    await client.query('INSERT INTO public.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      migration.version,
      migration.name,
      migration.checksum,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(`migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`);
  }
}

export interface MigrationResult {
  applied: number[];
  version: number;
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that two
 * concurrent runs serialise instead of racing. Running it again is a no-op.
 */
export async function migrate(login: PostgresLogin, dir: string): Promise<MigrationResult> {
  const files = readMigrationDir(dir);
  return withClient(login, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const pending = planMigrations(files, await ensureHistory(client, login.database));
      for (const migration of pending) await applyOne(client, migration);
      return { applied: pending.map((m) => m.version), version: files.length };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}
