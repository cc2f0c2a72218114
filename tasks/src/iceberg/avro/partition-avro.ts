import { isInt64, type PrimitiveType, parseDecimal, parseFixed, type StructType } from '../schema.js';
import { bytesToDecimal, bytesToUuid, type IcebergValue, uuidToBytes } from '../single-value.js';

/** Bytes needed to hold any unscaled value of this precision (Iceberg's fixed-size Avro/Parquet decimal). */
export function decimalRequiredBytes(precision: number): number {
  let bytes = 1;
  while (Math.floor(Math.log10(2 ** (8 * bytes - 1) - 1)) < precision) bytes++;
  return bytes;
}

/**
 * Appendix A's Avro mapping for a primitive. Named types get the field id in their name because
 * Avro forbids two definitions of one name in a schema (two decimal(16,2) partition fields).
 */
export function avroPrimitive(type: PrimitiveType, fieldId: number): unknown {
  switch (type) {
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
      return type;
    case 'binary':
      return 'bytes';
    case 'date':
      return { type: 'int', logicalType: 'date' };
    case 'time':
      return { type: 'long', logicalType: 'time-micros' };
    case 'timestamp':
    case 'timestamptz':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': type === 'timestamptz' };
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return { type: 'long', logicalType: 'timestamp-nanos', 'adjust-to-utc': type === 'timestamptz_ns' };
    case 'uuid':
      return { type: 'fixed', name: `uuid_fixed_${fieldId}`, size: 16, logicalType: 'uuid' };
  }
  const dec = parseDecimal(type);
  if (dec) {
    return {
      type: 'fixed',
      name: `decimal_${dec.precision}_${dec.scale}_${fieldId}`,
      size: decimalRequiredBytes(dec.precision),
      logicalType: 'decimal',
      precision: dec.precision,
      scale: dec.scale,
    };
  }
  const size = parseFixed(type);
  if (size !== undefined) return { type: 'fixed', name: `fixed_${size}_${fieldId}`, size };
  throw new Error(`No Avro mapping for ${type}`);
}

/** The `partition` record (field 102) of data_file: one optional field per partition field. */
export function partitionAvroSchema(partition: StructType): unknown {
  return {
    type: 'record',
    name: 'r102',
    fields: partition.fields.map((f) => ({
      name: f.name,
      type: ['null', avroPrimitive(f.type as PrimitiveType, f.id)],
      default: null,
      'field-id': f.id,
    })),
  };
}

export function toAvroValue(type: PrimitiveType, value: IcebergValue | null): unknown {
  if (value === null) return null;
  if (isInt64(type)) return BigInt(value as bigint);
  switch (type) {
    case 'uuid':
      return uuidToBytes(value as string);
    case 'binary':
      return Buffer.from(value as Uint8Array);
  }
  const dec = parseDecimal(type);
  if (dec) {
    const size = decimalRequiredBytes(dec.precision);
    let rest = BigInt.asUintN(8 * size, BigInt(value as bigint));
    const out = Buffer.alloc(size);
    for (let i = size - 1; i >= 0; i--) {
      out[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    return out;
  }
  if (parseFixed(type) !== undefined) return Buffer.from(value as Uint8Array);
  return value;
}

export function fromAvroValue(type: PrimitiveType, value: unknown): IcebergValue | null {
  if (value === null || value === undefined) return null;
  if (type === 'uuid') return bytesToUuid(value as Buffer);
  if (parseDecimal(type)) return bytesToDecimal(value as Buffer);
  return value as IcebergValue;
}
