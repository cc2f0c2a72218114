import {
  Schema as ArrowSchema,
  Binary,
  Bool,
  type DataType,
  DateDay,
  Decimal,
  Field,
  FixedSizeBinary,
  Float32,
  Float64,
  Int32,
  Int64,
  List,
  Map_,
  Struct,
  TimeMicrosecond,
  TimestampMicrosecond,
  TimestampNanosecond,
  Utf8,
} from 'apache-arrow';
import { type IcebergType, isPrimitive, type NestedField, parseDecimal, parseFixed, type Schema } from '../schema.js';

/** parquet-wasm copies this Arrow field metadata key into the Parquet schema's field_id (Appendix A). */
export const FIELD_ID_KEY = 'PARQUET:field_id';

function withId(name: string, type: DataType, nullable: boolean, id: number): Field {
  return new Field(name, type, nullable, new Map([[FIELD_ID_KEY, String(id)]]));
}

/** Appendix A's Parquet mapping, expressed as the Arrow types that parquet-wasm turns into it. */
export function arrowType(type: IcebergType): DataType {
  if (!isPrimitive(type)) {
    switch (type.type) {
      case 'struct':
        return new Struct(type.fields.map(arrowField));
      case 'list':
        return new List(withId('element', arrowType(type.element), !type['element-required'], type['element-id']));
      case 'map':
        return new Map_(
          new Field(
            'key_value',
            new Struct([
              withId('key', arrowType(type.key), false, type['key-id']),
              withId('value', arrowType(type.value), !type['value-required'], type['value-id']),
            ] as Field[]),
            false,
          ) as never,
        );
    }
  }
  switch (type) {
    case 'boolean':
      return new Bool();
    case 'int':
      return new Int32();
    case 'long':
      return new Int64();
    case 'float':
      return new Float32();
    case 'double':
      return new Float64();
    case 'date':
      return new DateDay();
    case 'time':
      return new TimeMicrosecond();
    // isAdjustedToUTC follows the Arrow timezone: set for timestamptz, absent for timestamp.
    case 'timestamp':
      return new TimestampMicrosecond(null);
    case 'timestamptz':
      return new TimestampMicrosecond('UTC');
    case 'timestamp_ns':
      return new TimestampNanosecond(null);
    case 'timestamptz_ns':
      return new TimestampNanosecond('UTC');
    case 'string':
      return new Utf8();
    case 'uuid':
      return new FixedSizeBinary(16);
    case 'binary':
      return new Binary();
  }
  const dec = parseDecimal(type);
  if (dec) return new Decimal(dec.scale, dec.precision, 128);
  const size = parseFixed(type);
  if (size !== undefined) return new FixedSizeBinary(size);
  throw new Error(`No Arrow mapping for Iceberg type ${JSON.stringify(type)}`);
}

export function arrowField(field: NestedField): Field {
  return withId(field.name, arrowType(field.type), !field.required, field.id);
}

export function arrowSchema(schema: Schema): ArrowSchema {
  return new ArrowSchema(schema.fields.map(arrowField));
}
