import type { PrimitiveType } from '../schema.js';
import { compareValues, type IcebergValue, toBytes } from '../single-value.js';

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

  get hasNanCount(): boolean {
    return this.type === 'float' || this.type === 'double';
  }

  /** Serialized bounds; none for binary-like types, whose bytes could be anything and large. */
  bounds(): { lower?: Buffer; upper?: Buffer } {
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
