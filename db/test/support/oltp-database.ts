import { loadSettings, type PostgresLogin, postgresLogin, ROLES } from '@platform/config';
import pg from 'pg';
import { bootstrapCluster, ensureDatabase } from '../../src/bootstrap.js';
import { withClient } from '../../src/postgres-client.js';
import { migrateOltp } from '../../src/setup-oltp.js';

export interface TestDatabase {
  name: string;
  superuser: PostgresLogin;
  owner: PostgresLogin;
  writer: PostgresLogin;
  reader: PostgresLogin;
  drop(): Promise<void>;
}

/**
 * A brand-new OLTP database for one test file, migrated and loaded exactly as `stack up` does,
 * on the PostgreSQL server the test run started. Each file gets its own, so files run in parallel.
 */
export async function freshOltpDatabase(label: string): Promise<TestDatabase> {
  const settings = loadSettings();
  const name = `test_${label}_${process.pid}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const superuser = postgresLogin(settings, 'superuser', 'postgres');
  await bootstrapCluster(settings);
  await withClient(superuser, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await ensureDatabase(client, name, ROLES.oltpOwner, [ROLES.oltpWriter, ROLES.oltpReader]);
  });
  await migrateOltp(settings, name);
  return {
    name,
    superuser: postgresLogin(settings, 'superuser', name),
    owner: postgresLogin(settings, 'oltpOwner', name),
    writer: postgresLogin(settings, 'oltpWriter', name),
    reader: postgresLogin(settings, 'oltpReader', name),
    drop: () =>
      withClient(superuser, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      }),
  };
}
