import type pg from 'pg';
import { iso } from '../clock/sim-time.js';
import type { Batch } from './batch.js';
import { tickStatements } from './statements.js';

export interface Sink {
  flush(tickEnd: number, batch: Batch): Promise<void>;
  close(): Promise<void>;
}

/**
 * Backfill: one transaction per simulated tick, the database clock set to the tick's end so that
 * every time the triggers stamp (status history, updated_at, ...) is simulated time.
 */
export class BackfillWriter implements Sink {
  constructor(private readonly client: pg.ClientBase) {}

  async flush(tickEnd: number, batch: Batch): Promise<void> {
    if (batch.empty) return;
    const statements = tickStatements(batch.rows);
    await this.client.query('BEGIN');
    try {
      await this.client.query("SELECT set_config('app.sim_now', $1, true)", [iso(tickEnd)]);
      for (const s of statements) await this.client.query(s.text, s.values);
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {}
}
