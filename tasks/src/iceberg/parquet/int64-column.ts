/**
 * A column of 64-bit integers (long, timestamp micros, unscaled decimals) whose values all fit a
 * double exactly (|v| <= 2^53), held in a Float64Array: no BigInt per value. Every instance owns
 * fresh, exactly sized arrays.
 */
export class Int64Column {
  constructor(
    readonly length: number,
    readonly values: Float64Array,
    /** 1 for a null row; undefined when no row is null. */
    readonly nulls: Uint8Array | undefined,
  ) {}

  isNull(i: number): boolean {
    return this.nulls !== undefined && this.nulls[i] === 1;
  }

  /** Row i as a bigint (null for SQL NULL). */
  get(i: number): bigint | null {
    return this.isNull(i) ? null : BigInt(this.values[i] as number);
  }

  /** Rows taken from consecutive ranges of columns, into one new column. */
  static concat(parts: { column: Int64Column; from: number; to: number }[]): Int64Column {
    let length = 0;
    let anyNull = false;
    for (const p of parts) {
      length += p.to - p.from;
      if (p.column.nulls) anyNull = true;
    }
    const values = new Float64Array(length);
    const nulls = anyNull ? new Uint8Array(length) : undefined;
    let at = 0;
    for (const { column, from, to } of parts) {
      values.set(column.values.subarray(from, to), at);
      if (nulls && column.nulls) nulls.set(column.nulls.subarray(from, to), at);
      at += to - from;
    }
    return new Int64Column(length, values, nulls);
  }

  /** `length` copies of one value; undefined when the value does not fit a double exactly. */
  static repeat(value: bigint, length: number): Int64Column | undefined {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) return undefined;
    return new Int64Column(length, new Float64Array(length).fill(n), undefined);
  }

  /**
   * The values as little-endian two's complement words, `words` 32-bit words each (2: int64,
   * 4: Arrow's 128-bit decimal); 0 for nulls. Written as 32-bit halves: no BigInt per value.
   */
  words(words: 2 | 4): Uint32Array {
    const out = new Uint32Array(this.length * words);
    const values = this.values;
    for (let i = 0; i < this.length; i++) {
      if (this.isNull(i)) continue;
      const v = values[i] as number;
      const hi = Math.floor(v / 4294967296);
      const at = i * words;
      out[at] = v - hi * 4294967296;
      out[at + 1] = hi >>> 0;
      if (words === 4 && hi < 0) {
        out[at + 2] = 0xffffffff;
        out[at + 3] = 0xffffffff;
      }
    }
    return out;
  }
}

/**
 * Accumulates one column of a decoded batch: exact integers while every value is one, a plain
 * array of values (bigints for the integers seen so far) from the first value that is not.
 */
export class Int64ColumnBuilder {
  private values = new Float64Array(1024);
  private nulls: Uint8Array | undefined;
  private generic: unknown[] | undefined;
  length = 0;

  private room(): void {
    if (this.length < this.values.length) return;
    const grown = new Float64Array(this.values.length * 2);
    grown.set(this.values);
    this.values = grown;
    if (this.nulls) {
      const n = new Uint8Array(grown.length);
      n.set(this.nulls);
      this.nulls = n;
    }
  }

  append(value: number): void {
    if (this.generic) {
      this.generic.push(BigInt(value));
      this.length++;
      return;
    }
    this.room();
    this.values[this.length++] = value;
  }

  appendNull(): void {
    if (this.generic) {
      this.generic.push(null);
      this.length++;
      return;
    }
    this.room();
    if (!this.nulls) this.nulls = new Uint8Array(this.values.length);
    this.nulls[this.length] = 1;
    this.values[this.length++] = 0;
  }

  /** Any other value (text for the general conversion); the batch becomes a plain array. */
  appendValue(value: unknown): void {
    if (!this.generic) {
      const generic: unknown[] = new Array(this.length);
      for (let i = 0; i < this.length; i++) {
        generic[i] = this.nulls?.[i] === 1 ? null : BigInt(this.values[i] as number);
      }
      this.generic = generic;
    }
    this.generic.push(value);
    this.length++;
  }

  /** The values so far; the builder starts again empty. */
  take(): Int64Column | unknown[] {
    const out =
      this.generic ??
      new Int64Column(this.length, this.values.slice(0, this.length), this.nulls?.slice(0, this.length));
    this.generic = undefined;
    this.nulls = undefined;
    this.length = 0;
    return out;
  }
}
