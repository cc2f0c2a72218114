import { loadSettings, type PostgresLogin, postgresLogin } from '@platform/config';
import { dropDatabase, recreateOltpDatabase } from '../../src/setup-oltp.js';

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
  await recreateOltpDatabase(settings, name);
  return {
    name,
    superuser: postgresLogin(settings, 'superuser', name),
    owner: postgresLogin(settings, 'oltpOwner', name),
    writer: postgresLogin(settings, 'oltpWriter', name),
    reader: postgresLogin(settings, 'oltpReader', name),
    drop: () => dropDatabase(settings, name),
  };
}
