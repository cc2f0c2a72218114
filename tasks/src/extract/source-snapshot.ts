import type { PostgresLogin } from '@platform/config';
import pg from 'pg';

/** One consistent view of the source: a REPEATABLE READ transaction and where it stands. */
export interface SourceSnapshot {
  client: pg.Client;
  /** `pg_current_snapshot()` as text: which transactions this view sees. */
  snapshot: string;
  /** The snapshot's xmax as a full 64-bit transaction id. */
  xmax: bigint;
  /** The WAL position when the view was taken: orders this run's row versions after every earlier run's. */
  lsn: bigint;
}

/**
 * Runs `work` inside one read-only REPEATABLE READ transaction on the source, so that everything
 * it reads (columns, rows) is the same snapshot, and always disconnects.
 */
export async function withSourceSnapshot<T>(
  login: PostgresLogin,
  applicationName: string,
  work: (source: SourceSnapshot) => Promise<T>,
  /** A snapshot a replication slot exported, and the slot's consistent point: the view to take instead. */
  imported?: { name: string; lsn: bigint },
): Promise<T> {
  const client = new pg.Client({ ...login, application_name: applicationName });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to the OLTP database: ${(error as Error).message}`);
  }
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Must be the transaction's first statement.
    if (imported) await client.query(`SET TRANSACTION SNAPSHOT ${pg.escapeLiteral(imported.name)}`);
    // COPY prints timestamptz in the session zone: UTC keeps the watermark text zone-free of doubt.
    await client.query("SET LOCAL TimeZone = 'UTC'");
    const { rows } = await client.query<{ snapshot: string; xmax: string; lsn: string }>(
      `SELECT pg_current_snapshot()::text AS snapshot, pg_snapshot_xmax(pg_current_snapshot())::text AS xmax,
         (pg_current_wal_lsn() - '0/0')::text AS lsn`,
    );
    const { snapshot, xmax, lsn } = rows[0] as { snapshot: string; xmax: string; lsn: string };
    const result = await work({ client, snapshot, xmax: BigInt(xmax), lsn: imported?.lsn ?? BigInt(lsn) });
    await client.query('COMMIT');
    return result;
  } finally {
    await client.end();
  }
}
