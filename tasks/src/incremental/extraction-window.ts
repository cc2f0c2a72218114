/**
 * Incremental extraction without losing or duplicating a row version.
 *
 * Each run reads, in one REPEATABLE READ snapshot S, every row whose cursor is at or after
 * `watermark - overlap` and whose inserting transaction (xmin) was NOT yet visible in the previous
 * run's snapshot S'. Row versions visible in S' were all read by that run (induction on runs), so
 * none is read twice; a transaction that was still open during S' and commits later with an older
 * cursor value is read now, as long as its cursor is within the overlap. The run commits its
 * snapshot text and the new watermark atomically with its data (in the Iceberg snapshot summary),
 * so a run that dies before committing leaves the next one starting from the same place.
 */

export interface IngestState {
  /** The highest cursor value committed so far, as PostgreSQL prints it in UTC. */
  watermark: string | null;
  /** `pg_current_snapshot()` text of the run that committed `watermark`. */
  pgSnapshot: string | null;
  /**
   * Change capture (tasks/src/capture): every transaction that committed before this WAL position
   * (text, `X/Y`) is in the table, none after it; null while the table is in cursor mode.
   */
  lsn: string | null;
}

export const INITIAL_STATE: IngestState = { watermark: null, pgSnapshot: null, lsn: null };

/** Snapshot-summary / table-property keys that carry the state next to the data. */
export const STATE_KEYS = {
  runId: 'ingest.run-id',
  watermark: 'ingest.watermark',
  pgSnapshot: 'ingest.pg-snapshot',
  lsn: 'ingest.lsn',
  source: 'ingest.source',
} as const;

export function stateFromProperties(props: Record<string, string> | undefined): IngestState | undefined {
  if (!props || !(STATE_KEYS.pgSnapshot in props)) return undefined;
  return {
    watermark: props[STATE_KEYS.watermark] || null,
    pgSnapshot: props[STATE_KEYS.pgSnapshot] || null,
    lsn: props[STATE_KEYS.lsn] || null,
  };
}

export function stateToProperties(state: IngestState, runId: string, source: string): Record<string, string> {
  return {
    [STATE_KEYS.runId]: runId,
    [STATE_KEYS.watermark]: state.watermark ?? '',
    [STATE_KEYS.pgSnapshot]: state.pgSnapshot ?? '',
    [STATE_KEYS.lsn]: state.lsn ?? '',
    [STATE_KEYS.source]: source,
  };
}

const SNAPSHOT_TEXT = /^\d+:\d+:(\d+(,\d+)*)?$/;

export function assertSnapshotText(text: string): string {
  if (!SNAPSHOT_TEXT.test(text)) throw new Error(`not a pg_snapshot: "${text}"`);
  return text;
}

/**
 * SQL for the full 64-bit id (xid8) of a row's 32-bit xmin, given the snapshot's xmax as a full id.
 * A row's xmin lies within 2^31 transactions of xmax, so its epoch is xmax's, or the one before
 * when its low bits are above xmax's.
 */
export function xminAsXid8(currentXmax: bigint): string {
  const epoch = currentXmax >> 32n;
  const low = currentXmax & 0xffffffffn;
  const base = epoch << 32n;
  const previous = epoch > 0n ? (epoch - 1n) << 32n : 0n;
  return `((CASE WHEN xmin::text::bigint > ${low} THEN ${previous} ELSE ${base} END) + xmin::text::bigint)::text::xid8`;
}

export interface ExtractionPredicate {
  /** A WHERE clause (without WHERE), or `true` on the first run. */
  sql: string;
  lowerBound: string | null;
}

/** Cursor lower bound (watermark minus overlap) and the xmin filter against the previous snapshot. */
export function extractionPredicate(
  state: IngestState,
  cursorColumn: string,
  overlapSeconds: number,
  currentXmax: bigint,
  quote: (literal: string) => string,
  quoteIdent: (name: string) => string,
): ExtractionPredicate {
  const parts: string[] = [];
  let lowerBound: string | null = null;
  if (state.watermark) {
    lowerBound = state.watermark;
    parts.push(
      `${quoteIdent(cursorColumn)} >= ${quote(state.watermark)}::timestamptz - interval '${overlapSeconds} seconds'`,
    );
  }
  if (state.pgSnapshot) {
    parts.push(
      `NOT pg_visible_in_snapshot(${xminAsXid8(currentXmax)}, ${quote(assertSnapshotText(state.pgSnapshot))}::pg_snapshot)`,
    );
  }
  return { sql: parts.length ? parts.join(' AND ') : 'true', lowerBound };
}
