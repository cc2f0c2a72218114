// Creates the bench's own OLTP database (default bench_ingest) on the running dev stack, migrated and
// reference-loaded exactly as `stack up` does (compiled db package), unless it already exists.
// Never touches the stack's `ecommerce` database. Prints "exists" or "created".
import { loadSettings, postgresLogin, ROLES } from '@platform/config';
import { bootstrapCluster, ensureDatabase, migrateOltp, withClient } from '@platform/db';

const name = process.argv[2] ?? 'bench_ingest';
const settings = loadSettings();
const superuser = postgresLogin(settings, 'superuser', 'postgres');
await bootstrapCluster(settings);
const exists = await withClient(superuser, async (client) => {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rowCount === 0) {
    await ensureDatabase(client, name, ROLES.oltpOwner, [ROLES.oltpWriter, ROLES.oltpReader]);
  }
  return rowCount > 0;
});
await migrateOltp(settings, name);
console.log(exists ? 'exists' : 'created');
