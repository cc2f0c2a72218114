import { loadSettings, postgresLogin, type Settings } from '@platform/config';
import { faultPoint } from '../fault-points.js';
import { committedState } from '../incremental/committed-state.js';
import { withCatalog } from '../lake/platform-catalog.js';
import { loadRegistry } from '../registry/table-registry.js';
import { formatLsn, lowestLsn, parseLsn } from './lsn.js';
import { advanceSlot, connectCapture, readSlot, slotName } from './replication-slot.js';

export interface ConfirmOutput {
  step: 'confirm';
  slot: string;
  /** The slot's confirmed position now; null when no table is in change capture yet. */
  confirmed_lsn: string | null;
  advanced: boolean;
  /** The tables in change capture, which bound the position. */
  tables: number;
}

/**
 * Confirms the shared slot up to the lowest LSN that any table in change capture has committed, so
 * PostgreSQL may recycle the WAL before it and no table can miss a change. Idempotent; a kill
 * before or after the advance leaves a position every table is past.
 */
export async function confirmSlot(settings: Settings = loadSettings()): Promise<ConfirmOutput> {
  const registry = loadRegistry();
  const lsns = await withCatalog(settings, async (catalog) => {
    const out: bigint[] = [];
    for (const entry of registry.tables) {
      const id = { namespace: registry.targetNamespace, name: entry.name };
      if (!(await catalog.tableExists(id))) continue;
      const lsn = committedState((await catalog.loadTable(id)).metadata).lsn;
      if (lsn) out.push(parseLsn(lsn));
    }
    return out;
  });
  const name = slotName(settings);
  const client = connectCapture(postgresLogin(settings, 'oltpReplication', settings.postgres.databases.oltp));
  await client.connect();
  try {
    const slot = await readSlot(client, name);
    if (!slot || lsns.length === 0) {
      return {
        step: 'confirm',
        slot: name,
        confirmed_lsn: slot ? formatLsn(slot.confirmedLsn) : null,
        advanced: false,
        tables: lsns.length,
      };
    }
    const lowest = lowestLsn(lsns);
    const advanced = lowest > slot.confirmedLsn;
    if (advanced) {
      await faultPoint('confirm.before-advance');
      await advanceSlot(client, name, lowest);
    }
    const now = (await readSlot(client, name))?.confirmedLsn ?? lowest;
    return { step: 'confirm', slot: name, confirmed_lsn: formatLsn(now), advanced, tables: lsns.length };
  } finally {
    await client.end();
  }
}
