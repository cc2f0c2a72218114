import { isUtf8 } from 'node:buffer';
import { Int64ColumnBuilder } from '../iceberg/parquet/int64-column.js';
import { Utf8ColumnBuilder } from '../iceberg/parquet/utf8-column.js';
import {
  fastDecimalNumber,
  fastTimestampMicrosBytes,
  fastTimestampMicrosNumber,
} from '../iceberg/parquet/value-conversion.js';
import type { RowBatch } from './row-batch.js';

/**
 * PostgreSQL COPY ... TO STDOUT text format, decoded. Rows end with a raw newline (newlines inside
 * values are escaped), fields are tab-separated, NULL is `\N`, and backslash escapes cover the rest.
 */

/** The byte each one-letter escape stands for (`\\b` backspace ... `\\v` vertical tab). */
const ESCAPES = new Map<number, number>([
  [0x62, 0x08], // b
  [0x66, 0x0c], // f
  [0x6e, 0x0a], // n
  [0x72, 0x0d], // r
  [0x74, 0x09], // t
  [0x76, 0x0b], // v
]);

const isOctal = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x37;
const hexValue = (c: number | undefined) =>
  c === undefined
    ? -1
    : c >= 0x30 && c <= 0x39
      ? c - 0x30
      : c >= 0x61 && c <= 0x66
        ? c - 87
        : c >= 0x41 && c <= 0x46
          ? c - 55
          : -1;

/**
 * One field's text with its backslash escapes resolved, as PostgreSQL's COPY FROM reads them:
 * `\b \f \n \r \t \v`, `\` + 1-3 octal digits or `\x` + 1-2 hex digits for one byte (several
 * such bytes may form one UTF-8 character), and `\` before any other character for that character.
 * It works on bytes: an escaped byte is a byte of the UTF-8 text, not a code point.
 */
export function unescapeCopyField(raw: Uint8Array): string {
  const out = Buffer.allocUnsafe(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as number;
    if (c !== 0x5c || i + 1 === raw.length) {
      out[n++] = c;
      continue;
    }
    const next = raw[++i] as number;
    const letter = ESCAPES.get(next);
    if (letter !== undefined) {
      out[n++] = letter;
    } else if (isOctal(next)) {
      let value = next - 0x30;
      for (let k = 0; k < 2 && isOctal(raw[i + 1]); k++) value = value * 8 + ((raw[++i] as number) - 0x30);
      out[n++] = value & 0xff;
    } else if (next === 0x78 && hexValue(raw[i + 1]) >= 0) {
      let value = hexValue(raw[++i]);
      if (hexValue(raw[i + 1]) >= 0) value = value * 16 + hexValue(raw[++i]);
      out[n++] = value;
    } else {
      out[n++] = next;
    }
  }
  return out.toString('utf8', 0, n);
}

/**
 * How a column's COPY text is decoded: `int`/`long` as numbers/bigints and timestamps as epoch
 * micros when they have the common form (other text is kept, for the writer's general conversion),
 * booleans as booleans and bytea (`\\x` hex) as bytes, `utf8` (string columns) as UTF-8 bytes in a Utf8Column,
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
 * fields per line. Fields are found on the bytes (a row ends at a raw newline, which a chunk may
 * cut anywhere, even inside a character), and only the fields that need one become a JS string.
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
  take(): RowBatch {
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
      else if (escaped) utf8.appendString(unescapeCopyField(bytes.subarray(start, end)));
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
      int64.appendValue(escaped ? unescapeCopyField(bytes.subarray(start, end)) : bytes.toString('utf8', start, end));
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
    const text = escaped ? unescapeCopyField(bytes.subarray(start, end)) : bytes.toString('utf8', start, end);
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
