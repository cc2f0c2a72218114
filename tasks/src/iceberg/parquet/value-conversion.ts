import { type PrimitiveType, parseDecimal } from '../schema.js';
import type { IcebergValue } from '../single-value.js';

/**
 * Values as the ingestion hands them over (pg returns NUMERIC as text, timestamps as text when
 * asked to keep microseconds) converted to the exact in-memory form of single-value.ts.
 */

/** "1234.56" at scale 2 -> 123456n; more fractional digits than the scale would silently lose money, so it throws. */
export function parseDecimalText(text: string, scale: number): bigint {
  const match = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new Error(`Not a decimal: "${text}"`);
  const whole = match[2] || '0';
  let fraction = match[3] ?? '';
  if (fraction.length > scale) {
    if (/[^0]/.test(fraction.slice(scale)))
      throw new Error(`Decimal "${text}" has more than ${scale} fractional digits`);
    fraction = fraction.slice(0, scale);
  }
  const unscaled = BigInt(whole + fraction.padEnd(scale, '0'));
  return match[1] === '-' ? -unscaled : unscaled;
}

export function formatDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** ISO-8601 / PostgreSQL text to epoch microseconds, keeping all six fractional digits (Date keeps three). */
export function parseTimestampMicros(text: string, requireZone: boolean): bigint {
  const m = TIMESTAMP_TEXT.exec(text.trim());
  if (!m) throw new Error(`Not a timestamp: "${text}"`);
  const zone = m[8];
  if (requireZone && zone === undefined) throw new Error(`timestamptz value "${text}" has no UTC offset`);
  const seconds =
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
  let offsetSeconds = 0;
  if (zone && zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    if (!z) throw new Error(`Bad UTC offset in "${text}"`);
    offsetSeconds = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 3600 + Number(z[3] ?? 0) * 60);
  }
  const fraction = (m[7] ?? '').padEnd(6, '0').slice(0, 6);
  return BigInt(seconds - offsetSeconds) * 1_000_000n + BigInt(fraction);
}

function daysFromText(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`Not a date: "${text}"`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

function integral(value: unknown, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new Error(`Expected an integer for ${what}, got ${typeof value} ${String(value)}`);
}

export function toIcebergValue(type: PrimitiveType, value: unknown): IcebergValue | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new Error(`Expected a boolean, got ${String(value)}`);
      return value;
    case 'int': {
      const n = Number(integral(value, 'int'));
      if (n < -2147483648 || n > 2147483647) throw new Error(`int out of range: ${String(value)}`);
      return n;
    }
    case 'long':
    case 'time':
      return integral(value, type);
    case 'float':
    case 'double':
      if (typeof value !== 'number') return Number(value);
      return value;
    case 'date':
      if (typeof value === 'number') return value;
      if (value instanceof Date) return Math.floor(value.getTime() / 86_400_000);
      return daysFromText(String(value));
    case 'timestamp':
    case 'timestamptz':
      if (value instanceof Date) return BigInt(value.getTime()) * 1000n;
      if (typeof value === 'string') return parseTimestampMicros(value, type === 'timestamptz');
      return integral(value, type);
    case 'timestamp_ns':
    case 'timestamptz_ns':
      if (value instanceof Date) return BigInt(value.getTime()) * 1_000_000n;
      return integral(value, type);
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'uuid':
      return String(value).toLowerCase();
    case 'binary':
      if (!(value instanceof Uint8Array)) throw new Error('Expected bytes (Uint8Array) for binary');
      return value;
  }
  const dec = parseDecimal(type);
  if (dec) {
    if (typeof value === 'bigint') return value;
    if (typeof value === 'string') return parseDecimalText(value, dec.scale);
    // A JS number would already be binary floating point: money must arrive as text or bigint.
    throw new Error(`Decimal values must be strings or unscaled bigints, got ${typeof value}`);
  }
  if (value instanceof Uint8Array) return value;
  throw new Error(`Cannot convert ${String(value)} to ${type}`);
}
