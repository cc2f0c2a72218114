import { loadSettings, postgresLogin, type Settings } from '@platform/config';
import { withCatalog } from '../lake/platform-catalog.js';
import { loadRegistry } from '../registry/table-registry.js';
import { connectCapture, dropSlot, slotName } from './replication-slot.js';

/**
 * The documented way back from a lost slot or a table that must be copied again
 * (docs/ingestion.md, "Re-snapshot"): drops the raw tables from the catalog (their files stay,
 * for remove_orphan_files) and, for all tables, the slot too; the next `ingest` creates the slot
 * and copies each table in a snapshot consistent with it. Readers see the table empty meanwhile.
 */
export async function resnapshot(
  tables: string[],
  withSlot: boolean,
  settings: Settings = loadSettings(),
): Promise<{ step: 'resnapshot'; dropped: string[]; slot_dropped: boolean }> {
  const registry = loadRegistry();
  const dropped = await withCatalog(settings, async (catalog) => {
    const out: string[] = [];
    for (const name of tables) {
      if (await catalog.dropTable({ namespace: registry.targetNamespace, name })) out.push(name);
    }
    return out;
  });
  if (withSlot) {
    const client = connectCapture(postgresLogin(settings, 'oltpReplication', settings.postgres.databases.oltp));
    await client.connect();
    try {
      await dropSlot(client, slotName(settings));
    } finally {
      await client.end();
    }
  }
  return { step: 'resnapshot', dropped, slot_dropped: withSlot };
}
