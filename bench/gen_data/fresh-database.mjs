// Creates (or recreates) a migrated, reference-loaded OLTP database on the running dev stack, the
// same way the test helper does, so a bench never touches the stack's own `ecommerce` database.
import { loadSettings, postgresLogin, ROLES } from '@platform/config';
import { bootstrapCluster, ensureDatabase, migrateOltp, withClient } from '@platform/db';
import pg from 'pg';

export async function freshDatabase(name) {
  const settings = loadSettings();
  const superuser = postgresLogin(settings, 'superuser', 'postgres');
  await bootstrapCluster(settings);
  await withClient(superuser, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await ensureDatabase(client, name, ROLES.oltpOwner, [ROLES.oltpWriter, ROLES.oltpReader]);
  });
  await migrateOltp(settings, name);
  return {
    superuser: postgresLogin(settings, 'superuser', name),
    writer: postgresLogin(settings, 'oltpWriter', name),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await freshDatabase(process.argv[2] ?? 'gen_data_bench');
  console.log(`created ${process.argv[2] ?? 'gen_data_bench'}`);
}
