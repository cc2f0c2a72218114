import { fastTimestampMicros } from '../iceberg/parquet/value-conversion.js';

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
 * booleans and bytea as in the row decoder, everything else as its text.
 */
export type CopyKind = 'text' | 'boolean' | 'binary' | 'int' | 'long' | 'timestamp' | 'timestamptz';

/** Decoded rows, column by column: `columns[i][r]` is column i of row r; null for SQL NULL. */
export interface CopyBatch {
  length: number;
  columns: unknown[][];
}

/** The largest value of one timestamptz column seen, and its text as PostgreSQL printed it. */
export interface MaxTracker {
  column: number;
  micros: bigint | undefined;
  text: string | undefined;
  /** The micros of a text (the fast path is tried first, for timestamptz columns). */
  toMicros: (text: string) => bigint;
}

/** `-?\d{1,15}` from char codes (exact as a double), undefined otherwise. */
function integerAt(line: string, start: number, end: number): number | undefined {
  let i = start;
  const negative = line.charCodeAt(i) === 45;
  if (negative) i += 1;
  if (i === end || end - i > 15) return undefined;
  let n = 0;
  for (; i < end; i++) {
    const d = line.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return negative ? -n : n;
}

const EMPTY = Buffer.alloc(0);

/**
 * COPY text chunks straight into per-column value arrays: no object per row and no array of
 * fields per line. Values are what the row decoder gives (or the same values already converted).
 */
export class CopyColumnsDecoder {
  private carry: Buffer = EMPTY;
  private columns: unknown[][];
  length = 0;

  constructor(
    private readonly kinds: CopyKind[],
    private readonly max?: MaxTracker,
  ) {
    this.columns = kinds.map(() => []);
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
      this.line(Buffer.concat([this.carry, chunk.subarray(0, end)]).toString('utf8'));
      this.carry = EMPTY;
      start = end + 1;
    }
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      this.line(chunk.toString('utf8', start, end));
      start = end + 1;
    }
    // A copy: a view would keep the whole chunk alive.
    if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start));
  }

  /** The last line, when the stream did not end with a newline. */
  end(): void {
    if (this.carry.length) this.line(this.carry.toString('utf8'));
    this.carry = EMPTY;
  }

  /** The rows decoded so far; the decoder starts a new batch. */
  take(): CopyBatch {
    const batch = { length: this.length, columns: this.columns };
    this.columns = this.kinds.map(() => []);
    this.length = 0;
    return batch;
  }

  private line(line: string): void {
    const count = this.kinds.length;
    const escaped = line.indexOf('\\') !== -1;
    let start = 0;
    let column = 0;
    for (;;) {
      let end = line.indexOf('\t', start);
      const last = end === -1;
      if (last) end = line.length;
      if (column < count) {
        const backslash = escaped ? line.indexOf('\\', start) : -1;
        this.field(column, line, start, end, backslash !== -1 && backslash < end);
      }
      column += 1;
      if (last) break;
      start = end + 1;
    }
    if (column !== count) throw new Error(`COPY returned ${column} fields, expected ${count}`);
    this.length += 1;
  }

  private field(column: number, line: string, start: number, end: number, escaped: boolean): void {
    const out = this.columns[column] as unknown[];
    if (end - start === 2 && line.charCodeAt(start) === 92 && line.charCodeAt(start + 1) === 78) {
      out.push(null);
      return;
    }
    const kind = this.kinds[column];
    const max = this.max && this.max.column === column ? this.max : undefined;
    if (!escaped) {
      if (kind === 'timestamptz' || kind === 'timestamp') {
        const micros = fastTimestampMicros(line, kind === 'timestamptz', start, end);
        if (micros !== undefined) {
          out.push(micros);
          if (max && kind === 'timestamptz') {
            if (max.micros === undefined || micros > max.micros) {
              max.micros = micros;
              max.text = line.slice(start, end);
            }
          } else if (max) {
            this.track(max, line.slice(start, end));
          }
          return;
        }
      } else if ((kind === 'long' || kind === 'int') && !max) {
        const n = integerAt(line, start, end);
        if (n !== undefined) {
          out.push(kind === 'long' ? BigInt(n) : n);
          return;
        }
      }
    }
    let text = line.slice(start, end);
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
