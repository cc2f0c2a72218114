import { loadSettings, postgresLogin, type Settings } from '@platform/config';
import { connectCapture, readSlot, slotName } from '../capture/replication-slot.js';
import { currentSnapshot } from '../iceberg/table-metadata.js';
import { committedState } from '../incremental/committed-state.js';
import { withCatalog } from '../lake/platform-catalog.js';
import { loadRegistry } from '../registry/table-registry.js';

export interface TableStatus {
  table: string;
  created: boolean;
  snapshot_id: string | null;
  watermark: string | null;
  /** Change capture: the committed LSN (null in cursor mode). */
  lsn: string | null;
  records: number;
  data_files: number;
  snapshots: number;
  /** The shared slot's lag (WAL it retains, age of its oldest unconfirmed change); null without a slot. */
  slot_lag_bytes: number | null;
  slot_lag_seconds: number | null;
}

async function slotLag(settings: Settings): Promise<{ bytes: number | null; seconds: number | null }> {
  const client = connectCapture(postgresLogin(settings, 'oltpReplication', settings.postgres.databases.oltp));
  await client.connect();
  try {
    const slot = await readSlot(client, slotName(settings));
    return slot
      ? { bytes: Number(slot.lagBytes), seconds: Math.round(slot.lagSeconds) }
      : { bytes: null, seconds: null };
  } finally {
    await client.end();
  }
}

/** Per registry table: its current snapshot, committed watermark, and row and file totals. */
export async function tableStatus(tables?: string[], settings: Settings = loadSettings()): Promise<TableStatus[]> {
  const registry = loadRegistry();
  const names = tables?.length ? tables : registry.tables.map((t) => t.name);
  const lag = await slotLag(settings);
  const slot = { slot_lag_bytes: lag.bytes, slot_lag_seconds: lag.seconds };
  return withCatalog(settings, async (catalog) => {
    const out: TableStatus[] = [];
    for (const name of names) {
      const id = { namespace: registry.targetNamespace, name };
      if (!(await catalog.tableExists(id))) {
        out.push({
          table: name,
          created: false,
          snapshot_id: null,
          watermark: null,
          lsn: null,
          records: 0,
          data_files: 0,
          snapshots: 0,
          ...slot,
        });
        continue;
      }
      const { metadata } = await catalog.loadTable(id);
      const snap = currentSnapshot(metadata);
      out.push({
        table: name,
        created: true,
        snapshot_id: snap ? snap['snapshot-id'].toString() : null,
        watermark: committedState(metadata).watermark,
        lsn: committedState(metadata).lsn,
        records: Number(snap?.summary['total-records'] ?? 0),
        data_files: Number(snap?.summary['total-data-files'] ?? 0),
        snapshots: (metadata.snapshots ?? []).length,
        ...slot,
      });
    }
    return out;
  });
}

/** Aligned columns for people; machines read the JSON. */
export function formatStatusTable(rows: TableStatus[]): string {
  const header = ['TABLE', 'SNAPSHOTS', 'RECORDS', 'FILES', 'WATERMARK', 'LSN', 'SLOT LAG'];
  const body = rows.map((r) => [
    `raw.${r.table}`,
    r.created ? String(r.snapshots) : 'not created',
    String(r.records),
    String(r.data_files),
    r.watermark ?? '-',
    r.lsn ?? '-',
    r.slot_lag_bytes === null ? '-' : `${r.slot_lag_bytes} B, ${r.slot_lag_seconds} s`,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => (row[i] as string).length)));
  return [header, ...body]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] as number))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
