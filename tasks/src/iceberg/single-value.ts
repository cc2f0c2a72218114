import { isInt64, type PrimitiveType, parseDecimal, parseFixed } from './schema.js';

/**
 * In-memory representation of one Iceberg primitive value, as used for bounds and partition
 * values: exact types only (bigint for 64-bit and decimal unscaled values, never floats for money).
 */
export type IcebergValue = boolean | number | bigint | string | Uint8Array;

/**
 * Appendix D "Binary single-value serialization": the encoding of manifest lower/upper bounds and
 * of manifest-list partition summaries.
 */
export function toBytes(type: PrimitiveType, value: IcebergValue): Buffer {
  switch (type) {
    case 'boolean':
      return Buffer.from([value ? 1 : 0]);
    case 'int':
    case 'date': {
      const buf = Buffer.alloc(4);
      buf.writeInt32LE(Number(value));
      return buf;
    }
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'timestamp_ns':
    case 'timestamptz_ns': {
      const buf = Buffer.alloc(8);
      buf.writeBigInt64LE(BigInt(value as bigint | number));
      return buf;
    }
    case 'float': {
      const buf = Buffer.alloc(4);
      buf.writeFloatLE(value as number);
      return buf;
    }
    case 'double': {
      const buf = Buffer.alloc(8);
      buf.writeDoubleLE(value as number);
      return buf;
    }
    case 'string':
      return Buffer.from(value as string, 'utf8');
    case 'uuid':
      return uuidToBytes(value as string);
    case 'binary':
      return Buffer.from(value as Uint8Array);
  }
  if (parseDecimal(type)) return decimalToBytes(BigInt(value as bigint));
  if (parseFixed(type) !== undefined) return Buffer.from(value as Uint8Array);
  throw new Error(`No single-value serialization for type ${type}`);
}

export function fromBytes(type: PrimitiveType, bytes: Uint8Array): IcebergValue {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isInt64(type)) return buf.readBigInt64LE(0);
  switch (type) {
    case 'boolean':
      return buf[0] !== 0;
    case 'int':
    case 'date':
      return buf.readInt32LE(0);
    case 'float':
      return buf.readFloatLE(0);
    case 'double':
      return buf.readDoubleLE(0);
    case 'string':
      return buf.toString('utf8');
    case 'uuid':
      return bytesToUuid(buf);
    case 'binary':
      return Buffer.from(buf);
  }
  if (parseDecimal(type)) return bytesToDecimal(buf);
  if (parseFixed(type) !== undefined) return Buffer.from(buf);
  throw new Error(`No single-value serialization for type ${type}`);
}

/** Two's-complement big-endian in the fewest bytes that keep the sign, like Java's BigInteger.toByteArray. */
export function decimalToBytes(unscaled: bigint): Buffer {
  let length = 1;
  while (unscaled < -(1n << BigInt(8 * length - 1)) || unscaled >= 1n << BigInt(8 * length - 1)) length++;
  let rest = BigInt.asUintN(8 * length, unscaled);
  const out = Buffer.alloc(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

export function bytesToDecimal(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return BigInt.asIntN(8 * bytes.length, value);
}

export function uuidToBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`Not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

export function bytesToUuid(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Iceberg's ordering of strings is that of their UTF-8 bytes (= code points). JS `<` compares UTF-16
 * code units, which disagrees once surrogate pairs meet characters in U+E000..U+FFFF.
 */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Move surrogates above U+E000..U+FFFF, where their code points (>= U+10000) belong.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Total order of two non-null values of the same Iceberg type, as bounds must use. */
export function compareValues(type: PrimitiveType, a: IcebergValue, b: IcebergValue): number {
  if (type === 'string') return compareStrings(a as string, b as string);
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const x = BigInt(a as bigint);
    const y = BigInt(b as bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    // -0.0 sorts before 0.0, as in Java's Double.compare.
    if (a === b) return Object.is(a, -0) && !Object.is(b, -0) ? -1 : Object.is(b, -0) && !Object.is(a, -0) ? 1 : 0;
    return a < b ? -1 : 1;
  }
  if (typeof a === 'boolean') return Number(a) - Number(b);
  if (type === 'uuid') return Buffer.compare(uuidToBytes(a as string), uuidToBytes(b as string));
  return Buffer.compare(Buffer.from(a as Uint8Array), Buffer.from(b as Uint8Array));
}
