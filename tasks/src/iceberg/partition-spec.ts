import {
  findField,
  isPrimitive,
  type NestedField,
  type PrimitiveType,
  type Schema,
  type StructType,
} from './schema.js';
import type { IcebergValue } from './single-value.js';

export interface PartitionField {
  'source-id': number;
  'field-id': number;
  name: string;
  transform: string;
}

export interface PartitionSpec {
  'spec-id': number;
  fields: PartitionField[];
}

/** Partition field ids start at 1000 so they never collide with schema field ids (spec, Partitioning). */
export const PARTITION_FIELD_ID_START = 1000;

export const UNPARTITIONED: PartitionSpec = { 'spec-id': 0, fields: [] };

/** Partition values of one data file, in spec field order; null for a null source value. */
export type PartitionValues = (IcebergValue | null)[];

/** A Map key for a partition tuple (JSON cannot hold bigint, so those get a suffix). */
export function partitionKey(values: PartitionValues): string {
  return JSON.stringify(values, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

const MICROS_PER_HOUR = 3_600_000_000n;
const MICROS_PER_DAY = 86_400_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Builds a spec from (source column, transform) pairs, assigning field ids from 1000 and Iceberg's default names. */
export function buildPartitionSpec(
  schema: StructType,
  fields: { source: string; transform: string; name?: string }[],
  specId = 0,
): PartitionSpec {
  return {
    'spec-id': specId,
    fields: fields.map((f, i) => {
      const source = schema.fields.find((s) => s.name === f.source);
      if (!source) throw new Error(`Partition source column "${f.source}" is not in the schema`);
      resultType(f.transform, source.type as PrimitiveType);
      const suffix = f.transform === 'identity' ? '' : `_${f.transform.replace(/\[.*$/, '')}`;
      return {
        'source-id': source.id,
        'field-id': PARTITION_FIELD_ID_START + i,
        name: f.name ?? `${f.source}${suffix}`,
        transform: f.transform,
      };
    }),
  };
}

/** The type a transform produces: what the manifest's partition struct and bounds are typed as. */
export function resultType(transform: string, source: PrimitiveType): PrimitiveType {
  switch (transform) {
    case 'identity':
    case 'void':
      return source;
    case 'year':
    case 'month':
    case 'hour':
      return 'int';
    case 'day':
      return 'date';
    default:
      throw new Error(`Partition transform "${transform}" is not supported by this writer`);
  }
}

function toMicros(source: PrimitiveType, value: IcebergValue): bigint {
  if (source === 'timestamp_ns' || source === 'timestamptz_ns') return floorDiv(BigInt(value as bigint), 1000n);
  return BigInt(value as bigint);
}

function daysOf(source: PrimitiveType, value: IcebergValue): number {
  if (source === 'date') return value as number;
  return Number(floorDiv(toMicros(source, value), MICROS_PER_DAY));
}

/** Applies a transform to a source value (dates as epoch days, timestamps as epoch micros). */
export function applyTransform(
  transform: string,
  source: PrimitiveType,
  value: IcebergValue | null,
): IcebergValue | null {
  if (value === null || transform === 'void') return null;
  switch (transform) {
    case 'identity':
      return value;
    case 'day':
      // Days since 1970-01-01 of the UTC instant (timestamptz) or of the wall clock (timestamp).
      return daysOf(source, value);
    case 'hour':
      if (source === 'date') throw new Error('hour transform needs a timestamp source');
      return Number(floorDiv(toMicros(source, value), MICROS_PER_HOUR));
    case 'month':
    case 'year': {
      const date = new Date(daysOf(source, value) * 86_400_000);
      const years = date.getUTCFullYear() - 1970;
      return transform === 'year' ? years : years * 12 + date.getUTCMonth();
    }
    default:
      throw new Error(`Partition transform "${transform}" is not supported by this writer`);
  }
}

/** The struct type of a spec's partition tuple; partition fields are always optional. */
export function partitionType(spec: PartitionSpec, schema: StructType): StructType {
  return {
    type: 'struct',
    fields: spec.fields.map((f): NestedField => {
      const source = sourceField(schema, f);
      return { id: f['field-id'], name: f.name, required: false, type: resultType(f.transform, source) };
    }),
  };
}

function sourceField(schema: StructType, field: PartitionField): PrimitiveType {
  const source = findField(schema, field['source-id']);
  if (!source || !isPrimitive(source.type)) {
    throw new Error(`Partition field ${field.name}: source id ${field['source-id']} is not a primitive column`);
  }
  return source.type;
}

/** Partition values of a row, given the row's values by source field id. */
export function partitionValues(
  spec: PartitionSpec,
  schema: Schema,
  sourceValue: (sourceId: number) => IcebergValue | null,
): PartitionValues {
  return spec.fields.map((f) => applyTransform(f.transform, sourceField(schema, f), sourceValue(f['source-id'])));
}

function humanValue(type: PrimitiveType, value: IcebergValue | null): string {
  if (value === null) return 'null';
  if (type === 'date') return new Date((value as number) * 86_400_000).toISOString().slice(0, 10);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

/** `name=value/...`, the Hive-style directory Java writers use, so files group by partition on storage. */
export function partitionPath(spec: PartitionSpec, schema: StructType, values: PartitionValues): string {
  const type = partitionType(spec, schema);
  return spec.fields
    .map((f, i) => {
      const t = type.fields[i]?.type as PrimitiveType;
      return `${encodeURIComponent(f.name)}=${encodeURIComponent(humanValue(t, values[i] ?? null))}`;
    })
    .join('/');
}

export function highestPartitionFieldId(specs: PartitionSpec[]): number {
  return Math.max(PARTITION_FIELD_ID_START - 1, ...specs.flatMap((s) => s.fields.map((f) => f['field-id'])));
}
