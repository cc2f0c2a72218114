import { UnsupportedTypeError } from '../errors.js';
import { type NestedField, type PrimitiveType, parseDecimal, type Schema } from '../iceberg/schema.js';
import { icebergTypeFor } from './iceberg-type-mapping.js';
import type { SourceColumn } from './source-columns.js';

/**
 * Columns the raw change log adds to every source row version (docs/architecture.md, "raw"):
 * - `_op`: how the version arrived: `snapshot` (a full copy of the table), `insert`, `update`,
 *   `delete` (change capture; a delete carries the key only), `upsert` (a cursor-mode increment,
 *   which cannot tell an insert from an update);
 * - `_lsn`, `_seq`: the version's place in the source's history. The latest version of a key is the
 *   one with the greatest (`_lsn`, `_seq`): the commit LSN and the change's order inside its
 *   transaction for captured changes; the WAL position at the copy's snapshot, and 0, for copied rows;
 * - `_ingested_at`, `_batch_id`: when, and by which run id, the version was written to the lake.
 */
export const OPERATION = '_op';
export const CHANGE_LSN = '_lsn';
export const CHANGE_SEQ = '_seq';
export const INGESTED_AT = '_ingested_at';
export const BATCH_ID = '_batch_id';

export const OPERATIONS = ['snapshot', 'insert', 'update', 'delete', 'upsert'] as const;
export type Operation = (typeof OPERATIONS)[number];

const CHANGE_COLUMNS: readonly (readonly [string, PrimitiveType])[] = [
  [OPERATION, 'string'],
  [CHANGE_LSN, 'long'],
  [CHANGE_SEQ, 'long'],
  [INGESTED_AT, 'timestamptz'],
  [BATCH_ID, 'string'],
];

export interface RawSchemaPlan {
  schema: Schema;
  lastColumnId: number;
  /** Source columns that are new to the table (a schema evolution). */
  added: string[];
}

/** Iceberg's allowed type promotions: int -> long, float -> double, decimal(P,S) -> decimal(P',S), P' > P. */
export function promotedType(from: PrimitiveType, to: PrimitiveType): PrimitiveType | undefined {
  if (from === to) return from;
  if (from === 'int' && to === 'long') return to;
  if (from === 'float' && to === 'double') return to;
  const a = parseDecimal(from);
  const b = parseDecimal(to);
  if (a && b && a.scale === b.scale && b.precision >= a.precision) return to;
  return undefined;
}

/**
 * The raw table's schema for this extraction. Field ids are stable: a column keeps the id it has
 * in the existing table (matched by name), new columns get the next free ids, columns dropped at
 * the source stay (written as nulls) so older files still read. Every source column is optional:
 * a raw change log must accept whatever the source later becomes.
 */
export function planRawSchema(
  columns: SourceColumn[],
  existing?: { schema: Schema; lastColumnId: number },
): RawSchemaPlan {
  let lastColumnId = existing?.lastColumnId ?? 0;
  const byName = new Map((existing?.schema.fields ?? []).map((f) => [f.name, f]));
  const fields: NestedField[] = existing ? existing.schema.fields.map((f) => ({ ...f })) : [];
  const added: string[] = [];
  for (const column of columns) {
    const type = icebergTypeFor(column);
    const current = byName.get(column.name);
    if (current) {
      const promoted = promotedType(current.type as PrimitiveType, type);
      if (!promoted) {
        throw new UnsupportedTypeError(
          `incompatible type change for ${column.name}: the table has ${String(current.type)}, the source now has ${type}`,
        );
      }
      const field = fields.find((f) => f.id === current.id) as NestedField;
      field.type = promoted;
    } else {
      lastColumnId += 1;
      fields.push({ id: lastColumnId, name: column.name, required: false, type });
      if (existing) added.push(column.name);
    }
  }
  for (const [name, type] of CHANGE_COLUMNS) {
    if (!byName.has(name)) {
      lastColumnId += 1;
      // Files written before the column existed hold no value for it: required only in a new table.
      fields.push({ id: lastColumnId, name, required: !existing, type });
    }
  }
  const schemaId = existing
    ? existing.schema['schema-id'] + (added.length > 0 || changed(existing.schema, fields) ? 1 : 0)
    : 0;
  return { schema: { type: 'struct', 'schema-id': schemaId, fields }, lastColumnId, added };
}

function changed(schema: Schema, fields: NestedField[]): boolean {
  return JSON.stringify(schema.fields) !== JSON.stringify(fields);
}
