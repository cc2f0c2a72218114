/**
 * Iceberg schemas as they appear in metadata.json. The TS shapes mirror the JSON exactly so that a
 * schema read from a table (written by Spark, PyIceberg, ...) round-trips without translation.
 */

export type PrimitiveType =
  | 'boolean'
  | 'int'
  | 'long'
  | 'float'
  | 'double'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'timestamp_ns'
  | 'timestamptz_ns'
  | 'string'
  | 'uuid'
  | 'binary'
  | `decimal(${number}, ${number})`
  | `decimal(${number},${number})`
  | `fixed[${number}]`;

export interface NestedField {
  id: number;
  name: string;
  required: boolean;
  type: IcebergType;
  doc?: string;
}

export interface StructType {
  type: 'struct';
  fields: NestedField[];
}

export interface ListType {
  type: 'list';
  'element-id': number;
  element: IcebergType;
  'element-required': boolean;
}

export interface MapType {
  type: 'map';
  'key-id': number;
  key: IcebergType;
  'value-id': number;
  value: IcebergType;
  'value-required': boolean;
}

export type IcebergType = PrimitiveType | StructType | ListType | MapType;

export interface Schema extends StructType {
  'schema-id': number;
  'identifier-field-ids'?: number[];
}

export function isPrimitive(type: IcebergType): type is PrimitiveType {
  return typeof type === 'string';
}

export interface DecimalType {
  precision: number;
  scale: number;
}

/** `decimal(P, S)` (the spec's spelling; some writers omit the space). */
const INT64_TYPES: ReadonlySet<string> = new Set([
  'long',
  'time',
  'timestamp',
  'timestamptz',
  'timestamp_ns',
  'timestamptz_ns',
]);

/** Types whose values are 64-bit integers (bigint here): long, time and the four timestamps. */
export function isInt64(type: PrimitiveType): boolean {
  return INT64_TYPES.has(type);
}

export function parseDecimal(type: string): DecimalType | undefined {
  const match = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(type);
  if (!match) return undefined;
  return { precision: Number(match[1]), scale: Number(match[2]) };
}

export function parseFixed(type: string): number | undefined {
  const match = /^fixed\[(\d+)\]$/.exec(type);
  return match ? Number(match[1]) : undefined;
}

export function decimal(precision: number, scale: number): PrimitiveType {
  if (!Number.isInteger(precision) || precision < 1 || precision > 38 || scale < 0 || scale > precision) {
    throw new Error(`Invalid decimal(${precision}, ${scale})`);
  }
  return `decimal(${precision}, ${scale})`;
}

/** Every field id of a type tree, depth first: the ids the table's last-column-id must cover. */
export function fieldIds(type: IcebergType): number[] {
  if (isPrimitive(type)) return [];
  switch (type.type) {
    case 'struct':
      return type.fields.flatMap((f) => [f.id, ...fieldIds(f.type)]);
    case 'list':
      return [type['element-id'], ...fieldIds(type.element)];
    case 'map':
      return [type['key-id'], ...fieldIds(type.key), type['value-id'], ...fieldIds(type.value)];
  }
}

export function highestFieldId(schema: StructType): number {
  return Math.max(0, ...fieldIds(schema));
}

/** A top-level or struct-nested field by id (not inside lists or maps: partition sources live there). */
export function findField(struct: StructType, id: number): NestedField | undefined {
  for (const field of struct.fields) {
    if (field.id === id) return field;
    if (!isPrimitive(field.type) && field.type.type === 'struct') {
      const nested = findField(field.type, id);
      if (nested) return nested;
    }
  }
  return undefined;
}

/** Checks that ids are unique and decimal/fixed types parse, before a schema reaches a table. */
export function validateSchema(schema: StructType): void {
  const ids = fieldIds(schema);
  const seen = new Set<number>();
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 1) throw new Error(`Field id ${id} must be a positive integer`);
    if (seen.has(id)) throw new Error(`Field id ${id} is used twice`);
    seen.add(id);
  }
  const check = (type: IcebergType): void => {
    if (isPrimitive(type)) {
      if (type.startsWith('decimal') && !parseDecimal(type)) throw new Error(`Bad type ${type}`);
      if (type.startsWith('fixed') && parseFixed(type) === undefined) throw new Error(`Bad type ${type}`);
      return;
    }
    if (type.type === 'struct') for (const f of type.fields) check(f.type);
    else if (type.type === 'list') check(type.element);
    else {
      check(type.key);
      check(type.value);
    }
  };
  check(schema);
}
