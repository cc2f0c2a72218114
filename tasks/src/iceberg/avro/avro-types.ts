import avro from 'avsc';

/**
 * Avro `long` as a JS bigint: snapshot ids are random 63-bit values, and avsc's default long is a
 * JS number that refuses anything above 2^53.
 */
const bigintLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (json: unknown) => BigInt(json as string | number),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/** An avsc Type for a schema, with every `long` (and long-based logical type) decoded as bigint. */
export function avroType(schema: unknown): avro.Type {
  // Iceberg's logical types (map arrays, dates, timestamps) are read as their underlying types on purpose.
  return avro.Type.forSchema(schema as avro.Schema, { registry: { long: bigintLong } });
}

export const LONG = avroType('long');
export const METADATA_MAP = avroType({ type: 'map', values: 'bytes' });
