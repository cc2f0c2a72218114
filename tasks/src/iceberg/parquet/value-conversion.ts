import { type PrimitiveType, parseDecimal } from '../schema.js';
import type { IcebergValue } from '../single-value.js';

/**
 * Values as the ingestion hands them over (pg returns NUMERIC as text, timestamps as text when
 * asked to keep microseconds) converted to the exact in-memory form of single-value.ts.
 */

/**
 * The common decimal text (`-?digits[.digits]`, at most `scale` fractional digits, at most 15
 * digits in all, so exact in a double) read from char codes; undefined for anything else.
 */
export function fastDecimal(text: string, scale: number): bigint | undefined {
  const length = text.length;
  // Longer than any text of at most 15 digits can be: not the common form.
  if (length > DECIMAL_SCRATCH.length) return undefined;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return undefined;
    DECIMAL_SCRATCH[i] = c;
  }
  const unscaled = fastDecimalNumber(DECIMAL_SCRATCH, scale, 0, length);
  return unscaled === undefined ? undefined : BigInt(unscaled);
}

const DECIMAL_SCRATCH = new Uint8Array(48);

/** "1234.56" at scale 2 -> 123456n; more fractional digits than the scale would silently lose money, so it throws. */
export function parseDecimalText(text: string, scale: number): bigint {
  const fast = fastDecimal(text, scale);
  if (fast !== undefined) return fast;
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

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil); month 1-12. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const ZERO = 48;
const SCRATCH = new Uint8Array(32);

function digits(at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = (SCRATCH[i] as number) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** The fraction (micros) of the last canonicalSeconds parse. */
let FRACTION = 0;

/** The parse of SCRATCH[0, length): see fastTimestampMicros; epoch seconds (fraction in FRACTION), NaN if not canonical. */
function canonicalSeconds(length: number, requireZone: boolean): number {
  // YYYY-MM-DD HH:MM:SS (19 chars), then an optional .f{1,6}, then +00 (required for timestamptz).
  if (length < 19 || SCRATCH[4] !== 45 || SCRATCH[7] !== 45 || SCRATCH[10] !== 32) return Number.NaN;
  if (SCRATCH[13] !== 58 || SCRATCH[16] !== 58) return Number.NaN;
  const year = digits(0, 4);
  const month = digits(5, 2);
  const day = digits(8, 2);
  const hour = digits(11, 2);
  const minute = digits(14, 2);
  const second = digits(17, 2);
  // Years below 100 go to the general parser, which keeps Date.UTC's reading of them.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31) return Number.NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  let at = 19;
  let fraction = 0;
  if (at < length && SCRATCH[at] === 46) {
    let count = 0;
    at += 1;
    while (at < length && count < 7) {
      const d = (SCRATCH[at] as number) - ZERO;
      if (d < 0 || d > 9) break;
      fraction = fraction * 10 + d;
      count += 1;
      at += 1;
    }
    if (count === 0 || count > 6) return Number.NaN;
    for (; count < 6; count++) fraction *= 10;
  }
  if (at === length) {
    if (requireZone) return Number.NaN;
  } else if (!(at + 3 === length && SCRATCH[at] === 43 && SCRATCH[at + 1] === ZERO && SCRATCH[at + 2] === ZERO)) {
    return Number.NaN;
  }
  FRACTION = fraction;
  return daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
}

/** The parse of SCRATCH[0, length): see fastTimestampMicros. */
function canonicalMicros(length: number, requireZone: boolean): bigint | undefined {
  const seconds = canonicalSeconds(length, requireZone);
  if (Number.isNaN(seconds)) return undefined;
  // Exact in a double while |micros| < 2^53 (years ~1685-2255); BigInt arithmetic beyond.
  if (seconds > -9e9 && seconds < 9e9) return BigInt(seconds * 1_000_000 + FRACTION);
  return BigInt(seconds) * 1_000_000n + BigInt(FRACTION);
}

/**
 * PostgreSQL's canonical UTC text (`YYYY-MM-DD HH:MM:SS[.ffffff]+00`, what COPY prints with
 * TimeZone UTC; without the offset for `timestamp`) to epoch microseconds, read from char codes.
 * Undefined for anything else, which the general parser then handles (or rejects).
 */
export function fastTimestampMicros(
  text: string,
  requireZone: boolean,
  start = 0,
  end = text.length,
): bigint | undefined {
  const length = end - start;
  if (length > 29) return undefined;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(start + i);
    if (c > 0x7f) return undefined;
    SCRATCH[i] = c;
  }
  return canonicalMicros(length, requireZone);
}

/** Copies the ASCII text `bytes[start, end)` into SCRATCH: its length, or -1 when too long or not ASCII. */
function scratchBytes(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length > 29) return -1;
  for (let i = 0; i < length; i++) {
    const c = bytes[start + i] as number;
    if (c > 0x7f) return -1;
    SCRATCH[i] = c;
  }
  return length;
}

/** fastTimestampMicros of the text `bytes[start, end)` (ASCII, as the canonical form is). */
export function fastTimestampMicrosBytes(
  bytes: Uint8Array,
  requireZone: boolean,
  start: number,
  end: number,
): bigint | undefined {
  const length = scratchBytes(bytes, start, end);
  return length < 0 ? undefined : canonicalMicros(length, requireZone);
}

/**
 * fastTimestampMicrosBytes as a number (exact: |micros| < 2^53); undefined where that gives
 * undefined or would need BigInt arithmetic.
 */
export function fastTimestampMicrosNumber(
  bytes: Uint8Array,
  requireZone: boolean,
  start: number,
  end: number,
): number | undefined {
  const length = scratchBytes(bytes, start, end);
  if (length < 0) return undefined;
  const seconds = canonicalSeconds(length, requireZone);
  if (!(seconds > -9e9 && seconds < 9e9)) return undefined;
  return seconds * 1_000_000 + FRACTION;
}

/**
 * fastDecimal of the text `bytes[start, end)`, as the unscaled value in a number (exact: at most
 * 15 digits); undefined where fastDecimal gives undefined.
 */
export function fastDecimalNumber(bytes: Uint8Array, scale: number, start: number, end: number): number | undefined {
  let i = start;
  const negative = bytes[start] === 45;
  if (negative) i += 1;
  let n = 0;
  let digitCount = 0;
  let fractionDigits = -1;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digitCount += 1;
      if (fractionDigits >= 0) fractionDigits += 1;
    } else if (c === 46 && fractionDigits < 0 && digitCount > 0) {
      fractionDigits = 0;
    } else {
      return undefined;
    }
  }
  if (digitCount === 0 || digitCount > 15 || fractionDigits === 0 || fractionDigits > scale) return undefined;
  for (let f = Math.max(fractionDigits, 0); f < scale; f++) n *= 10;
  if (n > Number.MAX_SAFE_INTEGER) return undefined;
  return negative ? -n : n;
}

/** ISO-8601 / PostgreSQL text to epoch microseconds, keeping all six fractional digits (Date keeps three). */
export function parseTimestampMicros(text: string, requireZone: boolean): bigint {
  return fastTimestampMicros(text, requireZone) ?? parseTimestampMicrosGeneral(text, requireZone);
}

/** The general parser: any ISO-8601 / PostgreSQL form with an optional offset. */
export function parseTimestampMicrosGeneral(text: string, requireZone: boolean): bigint {
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
