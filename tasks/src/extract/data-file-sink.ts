import type { DataFile } from '../iceberg/data-file.js';
import type { FileIO } from '../iceberg/io/file-io.js';
import { parquetDataFile } from '../iceberg/parquet/data-file-writer.js';
import { Int64Column } from '../iceberg/parquet/int64-column.js';
import { type ColumnarBatch, writeParquetColumns } from '../iceberg/parquet/parquet-writer.js';
import { Utf8Column } from '../iceberg/parquet/utf8-column.js';
import { toIcebergValue } from '../iceberg/parquet/value-conversion.js';
import {
  type PartitionSpec,
  type PartitionValues,
  partitionKey,
  partitionPath,
  partitionValues,
} from '../iceberg/partition-spec.js';
import type { PrimitiveType, Schema } from '../iceberg/schema.js';
import type { RowBatch } from './row-batch.js';

/**
 * Turns a row source's batches into Parquet data files at a table's location: one file per run of
 * rows with the same partition value (sources order by the partition column), at most
 * `maxRowsPerFile` rows each, row groups assembled column by column.
 */

/** Where a schema field's values come from: a column of the batches, a constant, or nothing (null). */
export type FieldSource = { column: number } | { value: unknown } | undefined;

export interface FileSink {
  io: FileIO;
  location: string;
  runId: string;
  schema: Schema;
  spec: PartitionSpec;
  rowGroupSize: number;
  /** By schema field index. */
  sources: FieldSource[];
}

/** The batches, read one row range at a time. */
interface BatchCursor {
  batches: AsyncIterator<RowBatch>;
  batch: RowBatch | undefined;
  at: number;
}

/** The batch holding the cursor's next row, or undefined at the end. */
async function currentBatch(cursor: BatchCursor): Promise<RowBatch | undefined> {
  while (cursor.batch === undefined || cursor.at >= cursor.batch.length) {
    const step = await cursor.batches.next();
    if (step.done) {
      cursor.batch = undefined;
      return undefined;
    }
    cursor.batch = step.value;
    cursor.at = 0;
  }
  return cursor.batch;
}

function fieldValue(source: FieldSource, batch: RowBatch, row: number): unknown {
  if (source === undefined) return null;
  if (!('column' in source)) return source.value;
  const column = batch.columns[source.column];
  return column instanceof Utf8Column || column instanceof Int64Column ? column.get(row) : (column as unknown[])[row];
}

/** The partition tuple of a row; recomputed only when the row's source values differ from the last row's. */
function partitioner(sink: FileSink) {
  const { schema, spec } = sink;
  const sources = spec.fields.map((f) => {
    const index = schema.fields.findIndex((s) => s.id === f['source-id']);
    const field = index >= 0 ? schema.fields[index] : undefined;
    return {
      id: f['source-id'],
      type: field?.type as PrimitiveType,
      source: index >= 0 ? sink.sources[index] : undefined,
    };
  });
  const last: unknown[] = sources.map(() => undefined);
  let lastValues: PartitionValues | undefined;
  return (batch: RowBatch, row: number): PartitionValues => {
    let same = lastValues !== undefined;
    for (let i = 0; i < sources.length; i++) {
      const v = fieldValue((sources[i] as { source: FieldSource }).source, batch, row);
      if (v !== last[i]) same = false;
      last[i] = v;
    }
    if (same) return lastValues as PartitionValues;
    lastValues = partitionValues(spec, schema, (id) => {
      const i = sources.findIndex((s) => s.id === id);
      return i >= 0 ? toIcebergValue((sources[i] as { type: PrimitiveType }).type, last[i]) : null;
    });
    return lastValues;
  };
}

/** Same partition tuple: by value for numbers, strings and bigints, by key otherwise. */
function sameTuple(a: PartitionValues, b: PartitionValues, keyOfB: string): boolean {
  if (a === b) return true;
  let same = true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) same = false;
  return same || partitionKey(a) === keyOfB;
}

/** The schema-ordered columns of rows taken from consecutive ranges of decoded batches. */
function assemble(sink: FileSink, parts: { batch: RowBatch; from: number; to: number }[], size: number): ColumnarBatch {
  const columns = sink.sources.map((source, field): unknown[] | Utf8Column | Int64Column | undefined => {
    if (source === undefined) return undefined;
    if (!('column' in source)) {
      const { value } = source;
      const type = sink.schema.fields[field]?.type;
      if (typeof value === 'string' && type === 'string') return Utf8Column.repeat(value, size);
      if (typeof value === 'bigint' && (type === 'long' || type === 'timestamp' || type === 'timestamptz')) {
        const repeated = Int64Column.repeat(value, size);
        if (repeated) return repeated;
      }
      return new Array<unknown>(size).fill(value);
    }
    const of = parts.map((p) => ({ column: p.batch.columns[source.column], from: p.from, to: p.to }));
    if (of.every((p) => p.column instanceof Utf8Column)) {
      return Utf8Column.concat(of as { column: Utf8Column; from: number; to: number }[]);
    }
    if (of.every((p) => p.column instanceof Int64Column)) {
      return Int64Column.concat(of as { column: Int64Column; from: number; to: number }[]);
    }
    const out = new Array<unknown>(size);
    let at = 0;
    for (const { column, from, to } of of) {
      if (column instanceof Utf8Column || column instanceof Int64Column) {
        for (let i = from; i < to; i++) out[at++] = column.get(i);
      } else {
        for (let i = from; i < to; i++) out[at++] = (column as unknown[])[i];
      }
    }
    return out;
  });
  return { length: size, columns };
}

/**
 * Writes one Parquet data file from consecutive rows of one partition (the query orders by the
 * partition column), stopping at the partition's end or the row limit; leaves the cursor on the next row.
 */
async function writeOneFile(sink: FileSink, cursor: BatchCursor, maxRows: number, seq: number): Promise<DataFile> {
  const { schema, spec } = sink;
  const partition = partitioner(sink);
  const trivial = spec.fields.length === 0;
  const values = trivial ? [] : partition(cursor.batch as RowBatch, cursor.at);
  const key = partitionKey(values);
  let count = 0;
  async function* groups(): AsyncGenerator<ColumnarBatch> {
    let parts: { batch: RowBatch; from: number; to: number }[] = [];
    let size = 0;
    let partitionEnded = false;
    while (!partitionEnded && count < maxRows) {
      const batch = await currentBatch(cursor);
      if (!batch) break;
      const from = cursor.at;
      const limit = Math.min(batch.length, from + (sink.rowGroupSize - size), from + (maxRows - count));
      let end = from;
      if (trivial) end = limit;
      else while (end < limit && sameTuple(partition(batch, end), values, key)) end++;
      if (end < limit) partitionEnded = true;
      if (end > from) {
        parts.push({ batch, from, to: end });
        size += end - from;
        count += end - from;
        cursor.at = end;
      }
      if (size >= sink.rowGroupSize) {
        yield assemble(sink, parts, size);
        parts = [];
        size = 0;
      }
    }
    if (size > 0) yield assemble(sink, parts, size);
  }
  const written = await writeParquetColumns(schema, groups(), { rowGroupSize: sink.rowGroupSize });
  const dir = spec.fields.length ? `data/${partitionPath(spec, schema, values)}` : 'data';
  const path = `${sink.location}/${dir}/${sink.runId}-${String(seq).padStart(5, '0')}.parquet`;
  await sink.io.put(path, written.bytes);
  return parquetDataFile(path, values, written);
}

/** Writes every row of `batches` into data files; their DataFile records, in order. */
export async function writeRowBatches(
  sink: FileSink,
  batches: AsyncIterable<RowBatch>,
  maxRowsPerFile: number,
): Promise<DataFile[]> {
  const cursor: BatchCursor = { batches: batches[Symbol.asyncIterator](), batch: undefined, at: 0 };
  const files: DataFile[] = [];
  while (await currentBatch(cursor)) files.push(await writeOneFile(sink, cursor, maxRowsPerFile, files.length));
  return files;
}
