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
  /** pg_replication_slots.wal_status: `lost` once max_slot_wal_keep_size invalidated the slot. */
  slot_wal_status: string | null;
}

type SlotColumns = Pick<TableStatus, 'slot_lag_bytes' | 'slot_lag_seconds' | 'slot_wal_status'>;

async function slotColumns(settings: Settings): Promise<SlotColumns> {
  const client = connectCapture(postgresLogin(settings, 'oltpReplication', settings.postgres.databases.oltp));
  await client.connect();
  try {
    const slot = await readSlot(client, slotName(settings));
    return {
      slot_lag_bytes: slot ? Number(slot.lagBytes) : null,
      slot_lag_seconds: slot?.lagSeconds == null ? null : Math.round(slot.lagSeconds),
      slot_wal_status: slot?.walStatus ?? null,
    };
  } finally {
    await client.end();
  }
}

/** Per registry table: its current snapshot, committed watermark, and row and file totals. */
export async function tableStatus(tables?: string[], settings: Settings = loadSettings()): Promise<TableStatus[]> {
  const registry = loadRegistry();
  const names = tables?.length ? tables : registry.tables.map((t) => t.name);
  const slot = await slotColumns(settings);
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

function slotCell(r: TableStatus): string {
  if (r.slot_wal_status === 'lost') return 'lost: re-snapshot';
  return r.slot_lag_bytes === null ? '-' : `${r.slot_lag_bytes} B, ${r.slot_lag_seconds} s`;
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
    slotCell(r),
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
