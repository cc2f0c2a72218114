import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { iso } from '../clock/sim-time.js';
import type { Batch } from '../rows/batch.js';
import type { OpName, Row } from '../rows/operation.js';
import type { Sink } from './sink.js';
import { type Statement, tickStatements } from './statements.js';

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
 * The clickstream: no table references it and it references only rows a tick's business
 * transaction has committed, so it can commit after that transaction, on a second connection.
 */
const EVENT_OPS: ReadonlySet<OpName> = new Set(['activity']);

const settled = (): void => undefined;

/**
 * Backfill: one transaction per simulated tick, the database clock set to the tick's end so that
 * every time the triggers stamp (status history, updated_at, ...) is simulated time.
 *
 * Writes are pipelined, because one PostgreSQL backend is the bottleneck and the machine has more
 * cores: the engine simulates tick N+1 while tick N is written, and with an events connection the
 * activity log of tick N (most of the rows) commits there while the main connection writes tick
 * N+1. Readers may see a tick's business rows up to one tick before its clickstream, like an event
 * pipeline; a crash can lose the last ticks, never break a rule. Without an events connection the
 * whole tick is one transaction. At most one tick per connection is in flight (bounded memory); a
 * failed write surfaces at the next flush or at close.
 */
export class BackfillWriter implements Sink {
  private core: Promise<void> = Promise.resolve();
  private events: Promise<void>[] = [];

  constructor(
    private readonly client: pg.ClientBase,
    private readonly eventsClient?: pg.ClientBase,
  ) {}

  async flush(tickEnd: number, batch: Batch): Promise<void> {
    // The statements are built while the previous tick is still being written, so the main
    // connection starts this tick the moment that one commits.
    const core = new Map<OpName, Row[]>();
    const events = new Map<OpName, Row[]>();
    for (const [op, rows] of batch.rows)
      (this.eventsClient !== undefined && EVENT_OPS.has(op) ? events : core).set(op, rows);
    const coreStatements = tickStatements(core, { copy: true });
    const eventStatements = tickStatements(events, { copy: true });
    await this.core;
    while (this.events.length > 1) await this.events.shift();
    this.core = write(this.client, tickEnd, coreStatements);
    this.core.catch(settled);
    if (this.eventsClient === undefined || eventStatements.length === 0) return;
    const eventsClient = this.eventsClient;
    const written = Promise.all([this.core, this.events.at(-1)]).then(() =>
      write(eventsClient, tickEnd, eventStatements),
    );
    written.catch(settled);
    this.events.push(written);
  }

  async close(): Promise<void> {
    await this.core;
    for (const written of this.events.splice(0)) await written;
  }
}

/**
 * One transaction: one round trip opens it and sets its clock. Commits need not wait for the WAL
 * flush (synchronous_commit off, this transaction only): a crash can lose the last ticks of a
 * backfill, never make them inconsistent, and every rule is still checked on every row.
 */
async function write(client: pg.ClientBase, tickEnd: number, statements: Statement[]): Promise<void> {
  if (statements.length === 0) return;
  try {
    await client.query(
      `BEGIN; SELECT set_config('app.sim_now', ${pg.escapeLiteral(iso(tickEnd))}, true), set_config('synchronous_commit', 'off', true)`,
    );
    for (const s of statements) {
      if (s.copy === undefined) await client.query({ name: statementName(s.text), text: s.text, values: s.values });
      else await pipeline(Readable.from([s.copy]), client.query(pgCopy.from(s.text)));
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(settled);
    throw error;
  }
}
