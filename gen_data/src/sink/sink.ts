import type { Batch } from '../rows/batch.js';

/** Where the engine hands each tick's rows: backfill (one transaction per tick) or live (one per action). */
export interface Sink {
  flush(tickEnd: number, batch: Batch): Promise<void>;
  close(): Promise<void>;
}
