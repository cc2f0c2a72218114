import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { toIcebergValue } from '../iceberg/parquet/value-conversion.js';
import { type PrimitiveType, parseDecimal } from '../iceberg/schema.js';
import { CopyColumnsDecoder, type CopyKind, type MaxTracker } from './copy-text.js';
import type { RowBatch } from './row-batch.js';
import type { RowSource, SourceField } from './row-source.js';

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

function cursorMicros(text: string): bigint {
  return toIcebergValue('timestamptz', text) as bigint;
}

/**
 * The result of a query through `COPY (...) TO STDOUT` (the fastest way out of PostgreSQL: no
 * per-row protocol messages, no type parsing on the server), as batches of about `batchRows`
 * rows. It follows the largest value of the cursor column (a timestamptz) as PostgreSQL printed
 * it: the run's new watermark.
 */
export class CopyRowSource implements RowSource {
  private readonly max: MaxTracker | undefined;

  constructor(
    private readonly client: pg.Client,
    private readonly query: string,
    readonly fields: readonly SourceField[],
    private readonly options: { batchRows: number; cursor?: { column: string; from: string | null } },
  ) {
    const cursor = options.cursor;
    this.max = cursor && {
      column: fields.findIndex((f) => f.name === cursor.column),
      micros: cursor.from ? cursorMicros(cursor.from) : undefined,
      text: undefined,
      toMicros: cursorMicros,
    };
  }

  /** The cursor's largest value read above its starting value, once the batches are read. */
  get highestCursor(): string | undefined {
    return this.max?.text;
  }

  batches(): AsyncGenerator<RowBatch> {
    const stream = this.client.query(copyTo(`COPY (${this.query}) TO STDOUT`));
    return copyTextBatches(stream as AsyncIterable<Buffer>, this.fields, this.options.batchRows, this.max);
  }
}

/**
 * COPY text chunks (from a COPY, or written like one) as batches of about `batchRows` rows, each
 * column decoded as the Iceberg type of its field.
 */
export async function* copyTextBatches(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  fields: readonly SourceField[],
  batchRows: number,
  max?: MaxTracker,
): AsyncGenerator<RowBatch> {
  const decoder = new CopyColumnsDecoder(
    // String columns stay UTF-8 bytes, 64-bit ones exact integers in doubles (the cursor column
    // keeps its kind: its maximum is tracked).
    fields.map((f, i) => (max?.column === i ? copyKind(f.type) : columnarKind(f.type))),
    max,
  );
  for await (const chunk of chunks) {
    decoder.write(chunk);
    if (decoder.length >= batchRows) yield decoder.take();
  }
  decoder.end();
  if (decoder.length > 0) yield decoder.take();
}
