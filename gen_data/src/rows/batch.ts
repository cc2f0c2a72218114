import { OPERATIONS, type OpName, type Row } from './operation.js';

/** The lane of the run's clock: in live mode it is written after every other action of its tick. */
export const CLOCK_LANE = -1;

/**
 * The rows one simulated tick produced, per operation, in the order they were produced. Each row
 * carries the lane (customer) of the business action that made it, so the live writer can run
 * each action as its own transaction while backfill writes the whole tick at once.
 */
export class Batch {
  readonly rows = new Map<OpName, Row[]>();
  readonly lanes = new Map<OpName, number[]>();
  count = 0;

  add(op: OpName, lane: number, row: Row): void {
    let rows = this.rows.get(op);
    if (!rows) {
      rows = [];
      this.rows.set(op, rows);
      this.lanes.set(op, []);
    }
    rows.push(row);
    (this.lanes.get(op) as number[]).push(lane);
    this.count++;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  /** Rows per business action (lane), global actions (lane 0) first. */
  byLane(): Map<number, Map<OpName, Row[]>> {
    const out = new Map<number, Map<OpName, Row[]>>([[0, new Map()]]);
    for (const op of OPERATIONS) {
      const rows = this.rows.get(op);
      if (!rows) continue;
      const lanes = this.lanes.get(op) as number[];
      for (let i = 0; i < rows.length; i++) {
        const lane = lanes[i] as number;
        let ops = out.get(lane);
        if (!ops) {
          ops = new Map();
          out.set(lane, ops);
        }
        let list = ops.get(op);
        if (!list) {
          list = [];
          ops.set(op, list);
        }
        list.push(rows[i] as Row);
      }
    }
    return out;
  }
}
