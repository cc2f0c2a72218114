import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { ChangeStreamError } from '../errors.js';
import { type Change, ChangeAssembler } from './change-assembler.js';
import { formatLsn } from './lsn.js';
import { decodePgOutput } from './pgoutput-decoder.js';
import { PUBLICATION } from './replication-slot.js';

/**
 * Every change the slot holds of transactions that committed before `upto`, without consuming
 * them (the slot is advanced only once every table committed them: confirm-slot.ts). Read through
 * COPY, so the rows stream instead of arriving as one result.
 */
export async function* peekChanges(
  client: pg.Client,
  slot: string,
  upto: bigint,
  resnapshotHint: (table: string) => string,
): AsyncGenerator<Change> {
  const lit = (s: string) => client.escapeLiteral(s);
  const query = `SELECT data FROM pg_logical_slot_peek_binary_changes(${lit(slot)}, ${lit(formatLsn(upto))}::pg_lsn, NULL,
    'proto_version', '1', 'publication_names', ${lit(PUBLICATION)})`;
  const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`)) as unknown as AsyncIterable<Buffer>;
  const assembler = new ChangeAssembler();
  let carry = '';
  for await (const chunk of stream) {
    const lines = (carry + chunk.toString('latin1')).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      // A bytea in COPY text: `\\x` and hex digits.
      if (!line.startsWith('\\\\x')) throw new ChangeStreamError(`unexpected slot row "${line.slice(0, 20)}"`);
      const change = assembler.accept(decodePgOutput(Buffer.from(line.slice(3), 'hex')), resnapshotHint);
      if (change) yield change;
    }
  }
  if (carry) throw new ChangeStreamError('the slot stream ended inside a row');
}
