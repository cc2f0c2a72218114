import { type Cell, OPERATIONS, type OpName, type Row } from '../rows/operation.js';
import { columnsOf, copySql, copyText, insertSql, OPS, rounds, updateSql } from './ops.js';

export interface Statement {
  text: string;
  values: Cell[][];
  /** COPY ... FROM STDIN statements carry their rows as COPY text instead of parameters. */
  copy?: string;
}

export interface StatementOptions {
  /** Pure inserts (no ON CONFLICT) as COPY FROM STDIN: same triggers, constraints and defaults, less parsing. */
  copy?: boolean;
}

const INVENTORY_SET = `WITH v (a1, a2, a3) AS (SELECT * FROM unnest($1::int4[], $2::int4[], $3::int4[]))
  UPDATE oltp.inventory t SET quantity = v.a3 FROM v WHERE t.product_id = v.a1 AND t.warehouse_id = v.a2`;
const LOT_SET = `WITH v (a1, a2) AS (SELECT * FROM unnest($1::int8[], $2::int4[]))
  UPDATE oltp.inventory_lot t SET quantity_remaining = v.a2 FROM v WHERE t.lot_id = v.a1`;
export const LOG_INSERT = `INSERT INTO oltp.inventory_log (log_id, product_id, warehouse_id, change_type, quantity_before,
  quantity_change, quantity_after, reference_type, reference_id, lot_id, note)
  SELECT * FROM unnest($1::int8[], $2::int4[], $3::int4[], $4::text[], $5::int4[], $6::int4[], $7::int4[], $8::text[],
  $9::int8[], $10::int8[], $11::text[])`;

const LOG_COPY = `COPY oltp.inventory_log (log_id, product_id, warehouse_id, change_type, quantity_before, quantity_change,
  quantity_after, reference_type, reference_id, lot_id, note) FROM STDIN`;

/** A move row as an inventory_log row. */
export function logRow(m: Row): Row {
  return [
    m[8] ?? null,
    m[0] ?? null,
    m[1] ?? null,
    m[4] ?? null,
    m[9] ?? null,
    m[3] ?? null,
    m[10] ?? null,
    m[5] ?? null,
    m[6] ?? null,
    m[2] ?? null,
    m[7] ?? null,
  ];
}

/**
 * A tick's rows as set-based statements in foreign-key order. Stock movements collapse to the final
 * quantity per cell and lot (the in-memory model already ordered them) plus one log insert.
 */
export function tickStatements(rowsByOp: ReadonlyMap<OpName, Row[]>, options: StatementOptions = {}): Statement[] {
  const out: Statement[] = [];
  for (const name of OPERATIONS) {
    const rows = rowsByOp.get(name);
    if (!rows || rows.length === 0) continue;
    const op = OPS[name];
    if (op.kind === 'insert') {
      if (options.copy && op.onConflict === undefined) {
        out.push({ text: copySql(op), values: [], copy: copyText(rows, op.columns.length) });
        continue;
      }
      out.push({ text: insertSql(op), values: columnsOf(rows, op.columns.length) });
    } else if (op.kind === 'update') {
      for (const round of op.roundKey === undefined ? [rows] : rounds(rows, op.roundKey)) {
        out.push({ text: updateSql(op), values: columnsOf(round, op.types.length) });
      }
    } else {
      const cells = new Map<string, Row>();
      const lots = new Map<Cell, Row>();
      for (const m of rows) {
        cells.set(`${m[0]}:${m[1]}`, [m[0] ?? null, m[1] ?? null, m[10] ?? null]);
        lots.set(m[2] ?? null, [m[2] ?? null, m[11] ?? null]);
      }
      out.push({ text: INVENTORY_SET, values: columnsOf([...cells.values()], 3) });
      out.push({ text: LOT_SET, values: columnsOf([...lots.values()], 2) });
      if (options.copy) out.push({ text: LOG_COPY, values: [], copy: copyText(rows.map(logRow), 11) });
      else out.push({ text: LOG_INSERT, values: columnsOf(rows.map(logRow), 11) });
    }
  }
  return out;
}
