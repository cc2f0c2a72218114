// Creates (or recreates) a migrated, reference-loaded OLTP database on the running dev stack, the
// same way the tests do, so a bench never touches the stack's own `ecommerce` database.
import { loadSettings, postgresLogin } from '@platform/config';
import { recreateOltpDatabase } from '@platform/db';

export async function freshDatabase(name) {
  const settings = loadSettings();
  await recreateOltpDatabase(settings, name);
  return {
    superuser: postgresLogin(settings, 'superuser', name),
    writer: postgresLogin(settings, 'oltpWriter', name),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await freshDatabase(process.argv[2] ?? 'gen_data_bench');
  console.log(`created ${process.argv[2] ?? 'gen_data_bench'}`);
}
