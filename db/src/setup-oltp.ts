import { fileURLToPath } from 'node:url';
import { postgresLogin, ROLES, type Settings } from '@platform/config';
import pg from 'pg';
import { bootstrapCluster, ensureDatabase } from './bootstrap.js';
import { type MigrationResult, migrate } from './migrate.js';
import { withClient } from './postgres-client.js';
import { loadReferenceData } from './reference-data.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));
export const REFERENCE_DIR = fileURLToPath(new URL('../reference', import.meta.url));

export interface OltpSetupResult extends MigrationResult {
  database: string;
  referenceRows: Record<string, number>;
}

/**
 * Migrates one OLTP database and loads reference data into it, as the owner role so that every
 * object belongs to it. `database` defaults to the configured one; tests pass their own.
 */
export async function migrateOltp(
  settings: Settings,
  database = settings.postgres.databases.oltp,
): Promise<OltpSetupResult> {
  const login = postgresLogin(settings, 'oltpOwner', database);
  const result = await migrate(login, MIGRATIONS_DIR);
  const referenceRows = await loadReferenceData(login, REFERENCE_DIR);
  return { ...result, database, referenceRows };
}

/** The whole database setup `stack up` and `db:migrate` run: roles, databases, schema, data. */
export async function setupDatabases(settings: Settings): Promise<OltpSetupResult> {
  await bootstrapCluster(settings);
  return migrateOltp(settings);
}

/**
 * A brand-new OLTP database next to the configured one, migrated and loaded exactly like it: for
 * test files and benchmarks, which must never write into the stack's own `ecommerce` database.
 */
export async function recreateOltpDatabase(settings: Settings, name: string): Promise<OltpSetupResult> {
  await bootstrapCluster(settings);
  await withClient(postgresLogin(settings, 'superuser', 'postgres'), async (client) => {
    await dropDatabaseIn(client, name);
    await ensureDatabase(client, name, ROLES.oltpOwner, [ROLES.oltpWriter, ROLES.oltpReader, ROLES.oltpReplication]);
  });
  return migrateOltp(settings, name);
}

/** Its replication slots go first: PostgreSQL refuses to drop a database a logical slot belongs to. */
async function dropDatabaseIn(client: pg.Client, name: string): Promise<void> {
  await client.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1', [
    name,
  ]);
  await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
}

export async function dropDatabase(settings: Settings, name: string): Promise<void> {
  await withClient(postgresLogin(settings, 'superuser', 'postgres'), async (client) => {
    await dropDatabaseIn(client, name);
  });
}
