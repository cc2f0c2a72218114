import { isUtf8 } from 'node:buffer';
import { type Int64Column, Int64ColumnBuilder } from '../iceberg/parquet/int64-column.js';
import { type Utf8Column, Utf8ColumnBuilder } from '../iceberg/parquet/utf8-column.js';
import {
  fastDecimalNumber,
  fastTimestampMicrosBytes,
  fastTimestampMicrosNumber,
} from '../iceberg/parquet/value-conversion.js';

/**
 * PostgreSQL COPY ... TO STDOUT text format, decoded. Rows end with a raw newline (newlines inside
 * values are escaped), fields are tab-separated, NULL is `\N`, and backslash escapes cover the rest.
 */

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

export function unescapeCopyField(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = raw[i + 1] ?? '';
    if (next in ESCAPES) {
      out += ESCAPES[next];
      i += 1;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(raw.slice(i + 1))?.[0] as string;
      out += String.fromCharCode(Number.parseInt(digits, 8));
      i += digits.length;
    } else if (next === 'x') {
      const digits = /^[0-9a-fA-F]{1,2}/.exec(raw.slice(i + 2))?.[0] ?? '';
      out += String.fromCharCode(Number.parseInt(digits, 16));
      i += 1 + digits.length;
    } else {
      out += next;
      i += 1;
    }
  }
  return out;
}

/** Splits one COPY text line into fields; `null` for SQL NULL. */
export function parseCopyLine(line: string): (string | null)[] {
  return line.split('\t').map((field) => (field === '\\N' ? null : unescapeCopyField(field)));
}

/**
 * Turns a stream of COPY output chunks into lines, without splitting a multi-byte UTF-8 character
 * (chunks are cut at arbitrary bytes; only the byte 0x0A is a row boundary).
 */
export async function* copyLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let end = buffer.indexOf(10, start); end !== -1; end = buffer.indexOf(10, start)) {
      yield buffer.toString('utf8', start, end);
      start = end + 1;
    }
    carry = buffer.subarray(start);
  }
  if (carry.length) yield carry.toString('utf8');
}

/**
 * How a column's COPY text is decoded: `int`/`long` as numbers/bigints and timestamps as epoch
 * micros when they have the common form (other text is kept, for the writer's general conversion),
 * booleans and bytea as in the row decoder, `utf8` (string columns) as UTF-8 bytes in a Utf8Column,
 * `long64`, `timestamp64`, `timestamptz64` and `decimal64:<scale>` as exact integers in an
 * Int64Column (or, from a batch's first value that is not one, a plain array of bigints and text),
 * everything else as its text.
 */
export type CopyKind =
  | 'long64'
  | 'timestamp64'
  | 'timestamptz64'
  | `decimal64:${number}`
  | 'text'
  | 'utf8'
  | 'boolean'
  | 'binary'
  | 'int'
  | 'long'
  | 'timestamp'
  | 'timestamptz';

/**
 * Decoded rows, column by column: `columns[i][r]` is column i of row r; null for SQL NULL. A
 * `utf8` column is a Utf8Column instead, a `*64` one an Int64Column or an array.
 */
export interface CopyBatch {
  length: number;
  columns: (unknown[] | Utf8Column | Int64Column)[];
}

/** The largest value of one timestamptz column seen, and its text as PostgreSQL printed it. */
export interface MaxTracker {
  column: number;
  micros: bigint | undefined;
  text: string | undefined;
  /** The micros of a text (the fast path is tried first, for timestamptz columns). */
  toMicros: (text: string) => bigint;
}

/** `-?\d{1,15}` from bytes (exact as a double), undefined otherwise. */
function integerAt(bytes: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  const negative = bytes[i] === 45;
  if (negative) i += 1;
  if (i === end || end - i > 15) return undefined;
  let n = 0;
  for (; i < end; i++) {
    const d = (bytes[i] as number) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return negative ? -n : n;
}

const EMPTY = Buffer.alloc(0);

/**
 * COPY text chunks straight into per-column value arrays: no object per row and no array of
 * fields per line. Values are what the row decoder gives (or the same values already converted);
 * fields are found on the bytes, and only the fields that need one become a JS string.
 */
export class CopyColumnsDecoder {
  private carry: Buffer = EMPTY;
  private columns: unknown[][];
  private readonly utf8: (Utf8ColumnBuilder | undefined)[];
  private readonly int64: (Int64ColumnBuilder | undefined)[];
  /** For the `*64` kinds: -1 long, -2 timestamp, -3 timestamptz, otherwise the decimal scale. */
  private readonly int64Kind: number[];
  /** Whether the lines being decoded are valid UTF-8 (otherwise string fields go through a JS string). */
  private valid = true;
  length = 0;

  constructor(
    private readonly kinds: CopyKind[],
    private readonly max?: MaxTracker,
  ) {
    this.columns = kinds.map(() => []);
    this.utf8 = kinds.map((k) => (k === 'utf8' ? new Utf8ColumnBuilder() : undefined));
    this.int64Kind = kinds.map((k) =>
      k === 'long64' ? -1 : k === 'timestamp64' ? -2 : k === 'timestamptz64' ? -3 : Number(k.split(':')[1] ?? -4),
    );
    this.int64 = this.int64Kind.map((k) => (k >= -3 ? new Int64ColumnBuilder() : undefined));
  }

  /** Decodes every complete line of the chunk; a line cut at the chunk's end waits for the next. */
  write(chunk: Buffer): void {
    let start = 0;
    if (this.carry.length) {
      const end = chunk.indexOf(10);
      if (end === -1) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const line = Buffer.concat([this.carry, chunk.subarray(0, end)]);
      this.valid = isUtf8(line);
      this.line(line, 0, line.length);
      this.carry = EMPTY;
      start = end + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) {
      this.valid = isUtf8(chunk.subarray(start, last));
      for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
        this.line(chunk, start, end);
        start = end + 1;
      }
    }
    // A copy: a view would keep the whole chunk alive.
    if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start));
  }

  /** The last line, when the stream did not end with a newline. */
  end(): void {
    if (this.carry.length) {
      this.valid = isUtf8(this.carry);
      this.line(this.carry, 0, this.carry.length);
    }
    this.carry = EMPTY;
  }

  /** The rows decoded so far; the decoder starts a new batch. */
  take(): CopyBatch {
    const columns = this.kinds.map(
      (_, i) => this.utf8[i]?.take() ?? this.int64[i]?.take() ?? (this.columns[i] as unknown[]),
    );
    const batch = { length: this.length, columns };
    this.columns = this.kinds.map(() => []);
    this.length = 0;
    return batch;
  }

  private line(bytes: Buffer, start: number, end: number): void {
    const count = this.kinds.length;
    let column = 0;
    let from = start;
    let escaped = false;
    for (let i = start; ; i++) {
      const c = i < end ? (bytes[i] as number) : 9;
      if (c === 9) {
        if (column < count) this.field(column, bytes, from, i, escaped);
        column += 1;
        if (i >= end) break;
        from = i + 1;
        escaped = false;
      } else if (c === 92) {
        escaped = true;
      }
    }
    if (column !== count) throw new Error(`COPY returned ${column} fields, expected ${count}`);
    this.length += 1;
  }

  private field(column: number, bytes: Buffer, start: number, end: number, escaped: boolean): void {
    const isNull = end - start === 2 && bytes[start] === 92 && bytes[start + 1] === 78;
    const utf8 = this.utf8[column];
    if (utf8 !== undefined) {
      if (isNull) utf8.appendNull();
      else if (escaped) utf8.appendString(unescapeCopyField(bytes.toString('utf8', start, end)));
      else if (this.valid) utf8.appendBytes(bytes, start, end);
      else utf8.appendString(bytes.toString('utf8', start, end));
      return;
    }
    const int64 = this.int64[column];
    if (int64 !== undefined) {
      if (isNull) {
        int64.appendNull();
        return;
      }
      const kind = this.int64Kind[column] as number;
      if (!escaped) {
        const n =
          kind === -1
            ? integerAt(bytes, start, end)
            : kind < -1
              ? fastTimestampMicrosNumber(bytes, kind === -3, start, end)
              : fastDecimalNumber(bytes, kind, start, end);
        if (n !== undefined) {
          int64.append(n);
          return;
        }
      }
      // The text, for the general conversion (as the other kinds keep it).
      let text = bytes.toString('utf8', start, end);
      if (escaped) text = unescapeCopyField(text);
      int64.appendValue(text);
      return;
    }
    const out = this.columns[column] as unknown[];
    if (isNull) {
      out.push(null);
      return;
    }
    const kind = this.kinds[column];
    const max = this.max && this.max.column === column ? this.max : undefined;
    if (!escaped) {
      if (kind === 'timestamptz' || kind === 'timestamp') {
        const micros = fastTimestampMicrosBytes(bytes, kind === 'timestamptz', start, end);
        if (micros !== undefined) {
          out.push(micros);
          if (max && kind === 'timestamptz') {
            if (max.micros === undefined || micros > max.micros) {
              max.micros = micros;
              max.text = bytes.toString('utf8', start, end);
            }
          } else if (max) {
            this.track(max, bytes.toString('utf8', start, end));
          }
          return;
        }
      } else if ((kind === 'long' || kind === 'int') && !max) {
        const n = integerAt(bytes, start, end);
        if (n !== undefined) {
          out.push(kind === 'long' ? BigInt(n) : n);
          return;
        }
      }
    }
    let text = bytes.toString('utf8', start, end);
    if (escaped) text = unescapeCopyField(text);
    out.push(
      kind === 'boolean' ? text === 't' : kind === 'binary' ? Buffer.from(text.replace(/^\\x/, ''), 'hex') : text,
    );
    if (max) this.track(max, text);
  }

  private track(max: MaxTracker, text: string): void {
    const micros = max.toMicros(text);
    if (max.micros === undefined || micros > max.micros) {
      max.micros = micros;
      max.text = text;
    }
  }
}
