import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Row } from '../iceberg/parquet/parquet-writer.js';
import { type PrimitiveType, parseDecimal } from '../iceberg/schema.js';
import {
  type CopyBatch,
  CopyColumnsDecoder,
  type CopyKind,
  copyLines,
  type MaxTracker,
  parseCopyLine,
} from './copy-text.js';

/** COPY text values as the Parquet writer expects them: booleans as booleans, bytea as bytes. */
function decoder(type: PrimitiveType): (text: string) => unknown {
  if (type === 'boolean') return (text) => text === 't';
  if (type === 'binary') return (text) => Buffer.from(text.replace(/^\\x/, ''), 'hex');
  return (text) => text;
}

/**
 * Streams the result of `query` as rows keyed by column name, through COPY (the fastest way out
 * of PostgreSQL: no per-row protocol messages, no type parsing on the server side).
 */
export async function* copyRows(
  client: pg.Client,
  query: string,
  columns: { name: string; type: PrimitiveType }[],
): AsyncGenerator<Row> {
  const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`));
  const decoders = columns.map((c) => decoder(c.type));
  for await (const line of copyLines(stream as AsyncIterable<Buffer>)) {
    const fields = parseCopyLine(line);
    if (fields.length !== columns.length) {
      throw new Error(`COPY returned ${fields.length} fields, expected ${columns.length}`);
    }
    const row: Row = {};
    for (let i = 0; i < columns.length; i++) {
      const value = fields[i] as string | null;
      row[(columns[i] as { name: string }).name] =
        value === null ? null : (decoders[i] as (t: string) => unknown)(value);
    }
    yield row;
  }
}

function copyKind(type: PrimitiveType): CopyKind {
  switch (type) {
    case 'boolean':
    case 'binary':
    case 'int':
    case 'long':
    case 'timestamp':
    case 'timestamptz':
      return type;
    default:
      return 'text';
  }
}

function columnarKind(type: PrimitiveType): CopyKind {
  if (type === 'string') return 'utf8';
  if (type === 'long' || type === 'timestamp' || type === 'timestamptz') return `${type}64`;
  const decimal = parseDecimal(type);
  if (decimal) return `decimal64:${decimal.scale}`;
  return copyKind(type);
}

/**
 * The result of `query` through COPY, as columnar batches of about `batchRows` rows (columns in
 * the order of `columns`); `max` follows the largest value of one timestamptz column.
 */
export async function* copyBatches(
  client: pg.Client,
  query: string,
  columns: { name: string; type: PrimitiveType }[],
  options: { batchRows: number; max?: MaxTracker },
): AsyncGenerator<CopyBatch> {
  const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`));
  const decoder = new CopyColumnsDecoder(
    // String columns stay UTF-8 bytes, 64-bit ones exact integers in doubles (the cursor column
    // keeps its kind: its maximum is tracked).
    columns.map((c, i) => (options.max?.column === i ? copyKind(c.type) : columnarKind(c.type))),
    options.max,
  );
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    decoder.write(chunk);
    if (decoder.length >= options.batchRows) yield decoder.take();
  }
  decoder.end();
  if (decoder.length > 0) yield decoder.take();
}
