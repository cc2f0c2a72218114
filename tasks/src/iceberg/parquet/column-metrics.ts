import type { PrimitiveType } from '../schema.js';
import { compareStrings, compareValues, type IcebergValue, toBytes } from '../single-value.js';
import type { Int64Column } from './int64-column.js';
import { compareUtf8, type Utf8Column } from './utf8-column.js';

/**
 * Java's default metrics mode is truncate(16): string bounds keep 16 code points, which keeps
 * manifests small when columns hold long text. The lower bound is a prefix (still <= every value);
 * the upper bound's last kept code point is incremented so it stays >= every value.
 */
export const STRING_BOUND_CODE_POINTS = 16;

export function truncateLower(value: string, codePoints = STRING_BOUND_CODE_POINTS): string {
  const chars = Array.from(value);
  return chars.length <= codePoints ? value : chars.slice(0, codePoints).join('');
}

/** Undefined when no upper bound of that length exists (every kept code point is U+10FFFF). */
export function truncateUpper(value: string, codePoints = STRING_BOUND_CODE_POINTS): string | undefined {
  const chars = Array.from(value);
  if (chars.length <= codePoints) return value;
  const kept = chars.slice(0, codePoints);
  for (let i = kept.length - 1; i >= 0; i--) {
    let next = (kept[i] as string).codePointAt(0) as number;
    next += 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000; // surrogates are not characters
    if (next <= 0x10ffff) return kept.slice(0, i).join('') + String.fromCodePoint(next);
  }
  return undefined;
}

/** Metrics of one leaf column of one data file, as the manifest's data_file records them. */
export class ColumnMetrics {
  valueCount = 0;
  nullCount = 0;
  nanCount = 0;
  private lower: IcebergValue | undefined;
  private upper: IcebergValue | undefined;
  /** String bounds of the values added as UTF-8 bytes (merged with the string ones in `bounds`). */
  private lowerUtf8: Uint8Array | undefined;
  private upperUtf8: Uint8Array | undefined;

  constructor(
    readonly fieldId: number,
    readonly type: PrimitiveType,
    /** False inside lists and maps, where Java keeps no per-file counts or bounds either. */
    readonly withBounds: boolean,
  ) {}

  add(value: IcebergValue | null): void {
    this.valueCount++;
    if (value === null) {
      this.nullCount++;
      return;
    }
    if (typeof value === 'number' && Number.isNaN(value)) {
      this.nanCount++;
      return;
    }
    if (!this.withBounds) return;
    if (this.lower === undefined || compareValues(this.type, value, this.lower) < 0) this.lower = value;
    if (this.upper === undefined || compareValues(this.type, value, this.upper) > 0) this.upper = value;
  }

  /** `add` for every row of a string column held as UTF-8 bytes. */
  addUtf8Column(column: Utf8Column): void {
    const { offsets, data } = column;
    this.valueCount += column.length;
    let lower = this.lowerUtf8;
    let upper = this.upperUtf8;
    for (let i = 0; i < column.length; i++) {
      if (column.isNull(i)) {
        this.nullCount++;
        continue;
      }
      if (!this.withBounds) continue;
      const start = offsets[i] as number;
      const end = offsets[i + 1] as number;
      if (lower === undefined || compareUtf8(data, start, end, lower) < 0) lower = data.slice(start, end);
      if (upper === undefined || compareUtf8(data, start, end, upper) > 0) upper = data.slice(start, end);
    }
    this.lowerUtf8 = lower;
    this.upperUtf8 = upper;
  }

  /** `add` for every row of a column held as exact integers (values of this column's type as bigints). */
  addInt64Column(column: Int64Column): void {
    const values = column.values;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    this.valueCount += column.length;
    for (let i = 0; i < column.length; i++) {
      if (column.isNull(i)) {
        this.nullCount++;
        continue;
      }
      const v = values[i] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (!this.withBounds || min > max) return;
    const lower = BigInt(min);
    const upper = BigInt(max);
    if (this.lower === undefined || compareValues(this.type, lower, this.lower) < 0) this.lower = lower;
    if (this.upper === undefined || compareValues(this.type, upper, this.upper) > 0) this.upper = upper;
  }

  /** Folds the UTF-8 bounds into the string ones (same order: see compareUtf8). */
  private mergeUtf8(): void {
    const text = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    if (this.lowerUtf8 !== undefined) {
      const lower = text(this.lowerUtf8);
      if (this.lower === undefined || compareStrings(lower, this.lower as string) < 0) this.lower = lower;
      this.lowerUtf8 = undefined;
    }
    if (this.upperUtf8 !== undefined) {
      const upper = text(this.upperUtf8);
      if (this.upper === undefined || compareStrings(upper, this.upper as string) > 0) this.upper = upper;
      this.upperUtf8 = undefined;
    }
  }

  get hasNanCount(): boolean {
    return this.type === 'float' || this.type === 'double';
  }

  /** Serialized bounds; none for binary-like types, whose bytes could be anything and large. */
  bounds(): { lower?: Buffer; upper?: Buffer } {
    this.mergeUtf8();
    if (this.lower === undefined || this.upper === undefined) return {};
    if (this.type === 'binary' || this.type.startsWith('fixed')) return {};
    if (this.type === 'string') {
      const upper = truncateUpper(this.upper as string);
      return {
        lower: toBytes('string', truncateLower(this.lower as string)),
        ...(upper === undefined ? {} : { upper: toBytes('string', upper) }),
      };
    }
    return { lower: toBytes(this.type, this.lower), upper: toBytes(this.type, this.upper) };
  }
}
