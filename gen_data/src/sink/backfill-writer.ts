import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { iso } from '../clock/sim-time.js';
import type { Batch } from './batch.js';
import { tickStatements } from './statements.js';

export interface Sink {
  flush(tickEnd: number, batch: Batch): Promise<void>;
  close(): Promise<void>;
}

const names = new Map<string, string>();
/** Backfill repeats the same few statements every tick: prepared once per connection, they skip parse and plan. */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `gen_data_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Backfill: one transaction per simulated tick, the database clock set to the tick's end so that
 * every time the triggers stamp (status history, updated_at, ...) is simulated time.
 */
export class BackfillWriter implements Sink {
  constructor(private readonly client: pg.ClientBase) {}

  async flush(tickEnd: number, batch: Batch): Promise<void> {
    if (batch.empty) return;
    const statements = tickStatements(batch.rows, { copy: true });
    // One round trip opens the transaction and sets its clock. Commits need not wait for the WAL
    // flush (synchronous_commit off, this transaction only): a crash can lose the last ticks of a
    // backfill, never make them inconsistent, and every rule is still checked on every row.
    try {
      await this.client.query(
        `BEGIN; SELECT set_config('app.sim_now', ${pg.escapeLiteral(iso(tickEnd))}, true), set_config('synchronous_commit', 'off', true)`,
      );
      for (const s of statements) {
        if (s.copy === undefined)
          await this.client.query({ name: statementName(s.text), text: s.text, values: s.values });
        else await pipeline(Readable.from([s.copy]), this.client.query(pgCopy.from(s.text)));
      }
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {}
}
