import type { Settings } from '@platform/config';
import pg from 'pg';
import { ChangeStreamError } from '../errors.js';
import { formatLsn, parseLsn } from './lsn.js';
import { decodePgOutput } from './pgoutput-decoder.js';

/**
 * The one logical replication slot change capture reads (pgoutput, publication `lake`, migration
 * 0008). Slots belong to the cluster, not a database: the name carries the database's, so test
 * and benchmark databases on one server each have their own.
 */
export const PUBLICATION = 'lake';

export function slotName(settings: Settings): string {
  return `lake_${settings.postgres.databases.oltp}`.slice(0, 63);
}

/** The documented way back after the slot is lost (docs/ingestion.md, "Re-snapshot"). */
export const RESNAPSHOT_COMMAND = 'node tasks/dist/cli.js resnapshot --all';

export interface SlotState {
  name: string;
  /** Changes committed before this position are no longer returned. */
  confirmedLsn: bigint;
  /** `reserved`, `extended`, `unreserved` or `lost` (max_slot_wal_keep_size exceeded). */
  walStatus: string | null;
  /** WAL the slot keeps from being removed, in bytes. */
  lagBytes: bigint;
  /** Age of the oldest change not yet confirmed (0 when the slot is caught up; null once lost). */
  lagSeconds: number | null;
}

export async function readSlot(client: pg.Client, name: string): Promise<SlotState | undefined> {
  const { rows } = await client.query<{ confirmed: string | null; wal_status: string | null; lag: string | null }>(
    `SELECT confirmed_flush_lsn::text AS confirmed, wal_status,
            (pg_current_wal_lsn() - restart_lsn)::text AS lag
     FROM pg_replication_slots WHERE slot_name = $1`,
    [name],
  );
  const row = rows[0];
  if (!row) return undefined;
  const confirmed = row.confirmed ? parseLsn(row.confirmed) : 0n;
  return {
    name,
    confirmedLsn: confirmed,
    walStatus: row.wal_status,
    lagBytes: BigInt(row.lag ?? '0'),
    // An invalidated slot refuses to be read, so its changes have no age any more.
    lagSeconds: row.wal_status === 'lost' ? null : await changeAge(client, name, confirmed),
  };
}

/** pgoutput commit times count microseconds from 2000-01-01 UTC. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

/** Seconds since the oldest transaction the slot still holds committed (from the first Begin message). */
async function changeAge(client: pg.Client, name: string, confirmed: bigint): Promise<number> {
  if (confirmed === 0n) return 0;
  const { rows } = await client.query<{ data: Buffer }>(
    `SELECT data FROM pg_logical_slot_peek_binary_changes($1, NULL, 1, 'proto_version', '1', 'publication_names', $2)`,
    [name, PUBLICATION],
  );
  const first = rows[0] ? decodePgOutput(rows[0].data) : undefined;
  if (first?.kind !== 'begin') return 0;
  const committedMs = POSTGRES_EPOCH_MS + Number(first.commitTime / 1000n);
  return Math.max(0, (Date.now() - committedMs) / 1000);
}

/**
 * The slot, usable from `from` on: created when no table reads it yet; a missing, invalidated or
 * overtaken slot with tables that read it is one ChangeStreamError naming the re-snapshot.
 */
export async function ensureSlot(client: pg.Client, name: string, from: bigint | undefined): Promise<SlotState> {
  const slot = await readSlot(client, name);
  if (!slot) {
    if (from !== undefined) {
      throw new ChangeStreamError(
        `replication slot ${name} does not exist (dropped?): the changes since ${formatLsn(from)} cannot be read; re-snapshot with \`${RESNAPSHOT_COMMAND}\``,
      );
    }
    await client.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [name]);
    return (await readSlot(client, name)) as SlotState;
  }
  if (slot.walStatus === 'lost') {
    throw new ChangeStreamError(
      `replication slot ${name} was invalidated (it fell behind by more than max_slot_wal_keep_size): changes are lost; re-snapshot with \`${RESNAPSHOT_COMMAND}\``,
    );
  }
  if (from !== undefined && slot.confirmedLsn > from) {
    throw new ChangeStreamError(
      `replication slot ${name} is confirmed up to ${formatLsn(slot.confirmedLsn)}, past ${formatLsn(from)} that a table still needs (was it recreated?); re-snapshot with \`${RESNAPSHOT_COMMAND}\``,
    );
  }
  return slot;
}

/** Moves the slot's confirmed position forward to `lsn` (never back); WAL before it may then go. */
export async function advanceSlot(client: pg.Client, name: string, lsn: bigint): Promise<void> {
  await client.query('SELECT pg_replication_slot_advance($1, $2::pg_lsn)', [name, formatLsn(lsn)]);
}

export async function dropSlot(client: pg.Client, name: string): Promise<void> {
  await client.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [
    name,
  ]);
}

/** A connection as the replication role; `replication` opens a walsender (for CREATE_REPLICATION_SLOT). */
export function connectCapture(login: pg.ClientConfig, replication = false): pg.Client {
  return new pg.Client({
    ...login,
    application_name: 'tasks-capture',
    ...(replication ? { replication: 'database' } : {}),
  });
}
