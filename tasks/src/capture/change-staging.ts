import pg from 'pg';
import type { FieldSource } from '../extract/data-file-sink.js';
import { CHANGE_LSN, CHANGE_SEQ, OPERATION } from '../extract/raw-table-schema.js';
import type { SourceField } from '../extract/row-source.js';
import type { SourceColumn } from '../extract/source-columns.js';
import type { PrimitiveType, Schema } from '../iceberg/schema.js';
import type { TableEntry } from '../registry/table-registry.js';
import type { Change } from './change-assembler.js';
import type { RelationColumn } from './pgoutput-decoder.js';

/** COPY text escaping of one value (the inverse of copy-text.ts' unescaping). */
function escapeCopyValue(value: string): string {
  return value.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

const FLUSH_CHARS = 1 << 16;

/**
 * One table's captured changes, held as COPY text lines (so that the same columnar decoder as the
 * cursor mode's COPY turns them into batches), grouped by the day of the partition column: a
 * data file holds one partition, whatever order the changes committed in.
 */
export class TableChanges {
  readonly fields: SourceField[];
  records = 0;
  private readonly buckets = new Map<string, { chunks: Buffer[]; text: string }>();
  private readonly positions = new WeakMap<readonly RelationColumn[], number[]>();
  private readonly partitionColumn: number;

  constructor(
    readonly entry: TableEntry,
    readonly columns: SourceColumn[],
    schema: Schema,
    /** Changes that committed before this position are in the table already. */
    readonly fromLsn: bigint,
  ) {
    const typeOf = (name: string) => schema.fields.find((f) => f.name === name)?.type as PrimitiveType;
    this.fields = [
      ...columns.map((c) => ({ name: c.name, type: typeOf(c.name) })),
      { name: OPERATION, type: 'string' as const },
      { name: CHANGE_LSN, type: 'long' as const },
      { name: CHANGE_SEQ, type: 'long' as const },
    ];
    this.generated = columns.flatMap((c, i) => (c.generated ? [i] : []));
    this.partitionColumn = entry.partition ? columns.findIndex((c) => c.name === entry.partition?.column) : -1;
  }

  /** By schema field: the staged column holding it, or (not staged) the caller's constant. */
  sources(schema: Schema, constants: Map<string, unknown>): FieldSource[] {
    return schema.fields.map((f): FieldSource => {
      if (constants.has(f.name)) return { value: constants.get(f.name) };
      const column = this.fields.findIndex((c) => c.name === f.name);
      return column >= 0 ? { column } : undefined;
    });
  }

  /** Changes whose generated columns are still to be computed (resolveGenerated). */
  private deferred: { change: Change; values: (string | null)[] }[] = [];
  private readonly generated: number[];

  add(change: Change): void {
    if (change.lsn < this.fromLsn) return;
    let at = this.positions.get(change.columns);
    if (!at) {
      // A column the change predates (added since) is null; one dropped since is left out.
      at = this.columns.map((c) => change.columns.findIndex((r) => r.name === c.name));
      this.positions.set(change.columns, at);
    }
    const values = at.map((i) => (i >= 0 ? (change.values[i] ?? null) : null));
    // pgoutput leaves stored generated columns out; a delete carries only the key anyway.
    if (this.generated.length > 0 && change.op !== 'delete') this.deferred.push({ change, values });
    else this.stage(change, values);
  }

  /**
   * Computes the generated columns of the deferred changes in PostgreSQL, with the table's own
   * expressions over each change's values, then stages them (after the slot is read: the
   * connection is free again).
   */
  async resolveGenerated(client: pg.Client, schema: string): Promise<void> {
    const table = `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(this.entry.name)}`;
    const select = this.generated.map((i) => `(${this.columns[i]?.generated})::text`).join(', ');
    for (let from = 0; from < this.deferred.length; from += 5000) {
      const part = this.deferred.slice(from, from + 5000);
      const records = part.map(({ values }) =>
        Object.fromEntries(this.columns.flatMap((c, i) => (c.generated ? [] : [[c.name, values[i]]]))),
      );
      const { rows } = await client.query<unknown[]>({
        text: `SELECT ${select} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) WITH ORDINALITY ORDER BY ordinality`,
        values: [JSON.stringify(records)],
        rowMode: 'array',
      });
      part.forEach(({ change, values }, r) => {
        this.generated.forEach((column, k) => {
          values[column] = (rows[r]?.[k] as string | null | undefined) ?? null;
        });
        this.stage(change, values);
      });
    }
    this.deferred = [];
  }

  private stage(change: Change, values: (string | null)[]): void {
    const line = `${values.map((v) => (v === null ? '\\N' : escapeCopyValue(v))).join('\t')}\t${change.op}\t${change.lsn}\t${change.seq}\n`;
    // The session runs in UTC: the first 10 characters of a timestamptz are its Iceberg day.
    const day = this.partitionColumn >= 0 ? (values[this.partitionColumn]?.slice(0, 10) ?? 'null') : '';
    let bucket = this.buckets.get(day);
    if (!bucket) {
      bucket = { chunks: [], text: '' };
      this.buckets.set(day, bucket);
    }
    bucket.text += line;
    if (bucket.text.length >= FLUSH_CHARS) {
      bucket.chunks.push(Buffer.from(bucket.text, 'utf8'));
      bucket.text = '';
    }
    this.records++;
  }

  /** The staged lines, one partition after another; each bucket is released as it is read. */
  *chunks(): Generator<Buffer> {
    for (const [day, bucket] of [...this.buckets].sort(([a], [b]) => a.localeCompare(b))) {
      this.buckets.delete(day);
      yield* bucket.chunks;
      if (bucket.text) yield Buffer.from(bucket.text, 'utf8');
    }
  }
}
