import type { PostgresLogin } from '@platform/config';
import pg from 'pg';
import { iso } from '../clock/sim-time.js';
import { type Batch, CLOCK_LANE } from '../rows/batch.js';
import { type Cell, OPERATIONS, type OpName, type Row } from '../rows/operation.js';
import type { Sink } from './sink.js';
import { LOG_INSERT, tickStatements } from './statements.js';

/**
 * Live: a pool of N connections; each business action (one customer's doings in the tick, or the
 * shop's global work) is its own transaction with its own clock. Stock moves are relative and
 * guarded (quantity + change >= 0), so concurrent writers can never push stock below zero.
 */
export class LiveWriter implements Sink {
  readonly pool: pg.Pool;
  oversellRefusals = 0;
  transactions = 0;

  constructor(
    login: PostgresLogin,
    readonly concurrency: number,
  ) {
    this.pool = new pg.Pool({ ...login, max: concurrency, application_name: 'gen_data live' });
  }

  async flush(tickEnd: number, batch: Batch): Promise<void> {
    if (batch.empty) return;
    const lanes = batch.byLane();
    const global = lanes.get(0);
    const clock = lanes.get(CLOCK_LANE);
    lanes.delete(0);
    lanes.delete(CLOCK_LANE);
    if (global?.size) await this.action(tickEnd, global);
    const queue = [...lanes.values()];
    const workers = Array.from({ length: Math.min(this.concurrency, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await this.action(tickEnd, next);
    });
    await Promise.all(workers);
    // The clock claims the tick once every action of it has committed.
    if (clock?.size) await this.action(tickEnd, clock);
  }

  private async action(at: number, ops: Map<OpName, Row[]>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.sim_now', $1, true)", [iso(at)]);
      for (const name of OPERATIONS) {
        const rows = ops.get(name);
        if (!rows?.length) continue;
        if (name === 'move') await this.moves(client, rows);
        else for (const s of tickStatements(new Map([[name, rows]]))) await client.query(s.text, s.values);
      }
      await client.query('COMMIT');
      this.transactions++;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async moves(client: pg.PoolClient, rows: Row[]): Promise<void> {
    const logs: Cell[][] = Array.from({ length: 11 }, () => []);
    for (const m of rows) {
      const [product, warehouse, lot, change] = m as [number, number, number, number];
      const res = await client.query(
        `UPDATE oltp.inventory SET quantity = quantity + $3 WHERE product_id = $1 AND warehouse_id = $2
           AND quantity + $3 >= 0 RETURNING quantity`,
        [product, warehouse, change],
      );
      if (res.rowCount !== 1) {
        this.oversellRefusals++;
        throw new Error(`stock for product ${product} in warehouse ${warehouse} would go negative`);
      }
      await client.query(
        'UPDATE oltp.inventory_lot SET quantity_remaining = quantity_remaining + $2 WHERE lot_id = $1',
        [lot, change],
      );
      const after = Number(res.rows[0].quantity);
      const row = [m[8], product, warehouse, m[4], after - change, change, after, m[5], m[6], lot, m[7]];
      for (const [i, v] of row.entries()) (logs[i] as Cell[]).push(v ?? null);
    }
    await client.query(LOG_INSERT, logs);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
