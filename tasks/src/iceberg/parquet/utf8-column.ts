/**
 * A string column held as UTF-8 bytes, as Arrow's Utf8 layout holds it (offsets + one value
 * buffer), so COPY text can go to Parquet without a JS string per value. Every instance owns
 * fresh, exactly sized arrays (Arrow JS must not see a shared or oversized buffer).
 */
export class Utf8Column {
  constructor(
    readonly length: number,
    /** `length + 1` offsets into `data`; value i is `data[offsets[i], offsets[i + 1])`. */
    readonly offsets: Int32Array,
    readonly data: Uint8Array,
    /** 1 for a null row; undefined when no row is null. */
    readonly nulls: Uint8Array | undefined,
  ) {}

  isNull(i: number): boolean {
    return this.nulls !== undefined && this.nulls[i] === 1;
  }

  /** Row i as a string (null for SQL NULL). */
  get(i: number): string | null {
    if (this.isNull(i)) return null;
    const data = this.data;
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString(
      'utf8',
      this.offsets[i] as number,
      this.offsets[i + 1] as number,
    );
  }

  /** Rows taken from consecutive ranges of columns, into one new column. */
  static concat(parts: { column: Utf8Column; from: number; to: number }[]): Utf8Column {
    let length = 0;
    let bytes = 0;
    let anyNull = false;
    for (const p of parts) {
      length += p.to - p.from;
      bytes += (p.column.offsets[p.to] as number) - (p.column.offsets[p.from] as number);
      if (p.column.nulls) anyNull = true;
    }
    const offsets = new Int32Array(length + 1);
    const data = new Uint8Array(bytes);
    const nulls = anyNull ? new Uint8Array(length) : undefined;
    let row = 0;
    let at = 0;
    for (const { column, from, to } of parts) {
      const base = column.offsets[from] as number;
      const size = (column.offsets[to] as number) - base;
      data.set(column.data.subarray(base, base + size), at);
      for (let i = from; i < to; i++) {
        offsets[++row] = (column.offsets[i + 1] as number) - base + at;
        if (nulls && column.nulls) nulls[row - 1] = column.nulls[i] as number;
      }
      at += size;
    }
    return new Utf8Column(length, offsets, data, nulls);
  }

  /** `length` copies of one string. */
  static repeat(value: string, length: number): Utf8Column {
    const bytes = Buffer.from(value, 'utf8');
    const offsets = new Int32Array(length + 1);
    const data = new Uint8Array(bytes.length * length);
    for (let i = 0; i < length; i++) {
      data.set(bytes, i * bytes.length);
      offsets[i + 1] = (i + 1) * bytes.length;
    }
    return new Utf8Column(length, offsets, data, undefined);
  }
}

/**
 * Accumulates UTF-8 values (the decoder's side of a Utf8Column); its growing arrays are reused
 * from one batch to the next, each `take` copies out exactly sized ones.
 */
export class Utf8ColumnBuilder {
  private data = new Uint8Array(64 * 1024);
  private offsets = new Int32Array(1024 + 1);
  private nulls: Uint8Array | undefined;
  private at = 0;
  length = 0;

  private room(bytes: number): void {
    if (this.length + 2 > this.offsets.length) {
      const grown = new Int32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
      if (this.nulls) {
        const n = new Uint8Array(grown.length);
        n.set(this.nulls);
        this.nulls = n;
      }
    }
    if (this.at + bytes > this.data.length) {
      const grown = new Uint8Array(Math.max(this.data.length * 2, this.at + bytes));
      grown.set(this.data.subarray(0, this.at));
      this.data = grown;
    }
  }

  /** Appends `bytes[start, end)`. */
  appendBytes(bytes: Uint8Array, start: number, end: number): void {
    const size = end - start;
    this.room(size);
    const data = this.data;
    let at = this.at;
    if (size < 48) for (let i = start; i < end; i++) data[at++] = bytes[i] as number;
    else {
      data.set(bytes.subarray(start, end), at);
      at += size;
    }
    this.at = at;
    this.offsets[++this.length] = at;
  }

  appendString(value: string): void {
    this.room(value.length * 3);
    const data = this.data;
    this.at += Buffer.from(data.buffer, data.byteOffset, data.byteLength).write(value, this.at, 'utf8');
    this.offsets[++this.length] = this.at;
  }

  appendNull(): void {
    this.room(0);
    if (!this.nulls) this.nulls = new Uint8Array(this.offsets.length);
    this.nulls[this.length] = 1;
    this.offsets[++this.length] = this.at;
  }

  /** The values so far as a column; the builder starts again empty. */
  take(): Utf8Column {
    const column = new Utf8Column(
      this.length,
      this.offsets.slice(0, this.length + 1),
      this.data.slice(0, this.at),
      this.nulls?.slice(0, this.length),
    );
    this.nulls = undefined;
    this.at = 0;
    this.length = 0;
    return column;
  }
}

/**
 * `a[aStart, aEnd)` against all of `b`, byte by byte. For valid UTF-8 this is code point order,
 * the order single-value.ts compareStrings gives the decoded strings.
 */
export function compareUtf8(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array): number {
  const aLength = aEnd - aStart;
  const n = Math.min(aLength, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[aStart + i] as number;
    const y = b[i] as number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return aLength - b.length;
}
