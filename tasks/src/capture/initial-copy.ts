import type { PostgresLogin } from '@platform/config';
import { ChangeStreamError } from '../errors.js';
import { type SourceSnapshot, withSourceSnapshot } from '../extract/source-snapshot.js';
import { parseLsn } from './lsn.js';
import { connectCapture } from './replication-slot.js';

/**
 * Runs `work` in the snapshot a new temporary logical slot exports: the snapshot sees exactly the
 * transactions that committed before the slot's consistent point, and the shared slot (created
 * earlier, so it holds everything after) streams the rest. The copy and the stream meet at that
 * point: a table first copied here takes changes from it on, nothing lost or doubled at the switch.
 * The temporary slot goes with its connection.
 */
export async function withExportedSnapshot<T>(
  login: PostgresLogin,
  table: string,
  work: (source: SourceSnapshot, consistentPoint: bigint) => Promise<T>,
): Promise<T> {
  const walsender = connectCapture(login, true);
  await walsender.connect();
  try {
    const name = `lake_copy_${process.pid}_${Date.now()}`.slice(0, 63);
    const { rows } = await walsender.query<{ consistent_point: string; snapshot_name: string | null }>(
      `CREATE_REPLICATION_SLOT ${name} TEMPORARY LOGICAL pgoutput (SNAPSHOT 'export')`,
    );
    const created = rows[0];
    if (!created?.snapshot_name) throw new ChangeStreamError(`no snapshot exported for the first copy of ${table}`);
    const lsn = parseLsn(created.consistent_point);
    // The exported snapshot lives until the walsender's next command: the copy runs meanwhile.
    return await withSourceSnapshot(login, `extract:${table}`, (source) => work(source, lsn), {
      name: created.snapshot_name,
      lsn,
    });
  } finally {
    await walsender.end();
  }
}
