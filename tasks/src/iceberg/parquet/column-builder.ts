import { type Data, type DataType, makeData } from 'apache-arrow';
import {
  type IcebergType,
  isInt64,
  isPrimitive,
  type NestedField,
  type PrimitiveType,
  parseDecimal,
  parseFixed,
} from '../schema.js';
import type { IcebergValue } from '../single-value.js';
import { arrowType } from './arrow-schema.js';
import { ColumnMetrics } from './column-metrics.js';
import { Int64Column } from './int64-column.js';
import { Utf8Column } from './utf8-column.js';
import { parseDecimalText, toIcebergValue } from './value-conversion.js';

/**
 * Accumulates one column of one record batch and builds its Arrow Data. Every build allocates
 * fresh typed arrays: Arrow JS 21 writes a corrupt IPC stream when two columns share a buffer.
 */
export interface ColumnBuilder {
  /** `masked`: the parent struct is null, so even a required field is null here. */
  append(value: unknown, masked?: boolean): void;
  /** Appends `values[start, end)`, as many `append` calls would (a Utf8Column only to a string column). */
  appendColumn(values: ArrayLike<unknown> | Utf8Column | Int64Column, start: number, end: number): void;
  build(): Data;
}

function validity(valid: boolean[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(valid.length / 8));
  let nullCount = 0;
  valid.forEach((ok, i) => {
    if (ok) nullBitmap[i >> 3] = (nullBitmap[i >> 3] as number) | (1 << (i & 7));
    else nullCount++;
  });
  return { nullBitmap, nullCount };
}

/** The validity bitmap of a primitive column: a slot is valid exactly when its value is not null. */
function valuesValidity(values: (IcebergValue | null)[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== null) nullBitmap[i >> 3] = (nullBitmap[i >> 3] as number) | (1 << (i & 7));
    else nullCount++;
  }
  return { nullBitmap, nullCount };
}

/** UTF-8 of strings, written straight into one growing buffer (no array per value). */
function stringData(values: (IcebergValue | null)[]) {
  const valueOffsets = new Int32Array(values.length + 1);
  let chars = 0;
  for (const v of values) if (v !== null) chars += (v as string).length;
  let buffer = Buffer.alloc(chars + 1024);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string | null;
    if (v !== null) {
      if (buffer.length - at < v.length * 3) {
        const grown = Buffer.alloc(Math.max(buffer.length * 2, at + v.length * 3 + 1024));
        buffer.copy(grown, 0, 0, at);
        buffer = grown;
      }
      at += buffer.write(v, at);
    }
    valueOffsets[i + 1] = at;
  }
  // A fresh, exactly sized array: Arrow JS must not see a shared or oversized buffer.
  const data = new Uint8Array(at);
  data.set(buffer.subarray(0, at));
  return { valueOffsets, data };
}

function valueAt(column: ArrayLike<unknown> | Utf8Column | Int64Column, i: number): unknown {
  return column instanceof Utf8Column || column instanceof Int64Column ? column.get(i) : column[i];
}

/**
 * A struct, list or map column: its validity (`present` says whether a value is there, and throws
 * for a missing required one), values appended one by one through `add`, and the Arrow data of its
 * layout (`parts`: children, or offsets and a child) under that validity.
 */
function nestedBuilder(
  arrow: DataType,
  present: (raw: unknown, masked?: boolean) => boolean,
  add: (raw: unknown, ok: boolean) => void,
  parts: () => Record<string, unknown>,
): ColumnBuilder {
  const valid: boolean[] = [];
  const append = (raw: unknown, masked?: boolean) => {
    const ok = present(raw, masked);
    valid.push(ok);
    add(raw, ok);
  };
  return {
    append,
    appendColumn(column, start, end) {
      for (let i = start; i < end; i++) append(valueAt(column, i));
    },
    build: () => {
      const { nullBitmap, nullCount } = validity(valid);
      return makeData({ type: arrow, length: valid.length, nullCount, nullBitmap, ...parts() } as never);
    },
  };
}

/** A list or map: offsets into one child column; `add` appends a value's entries and returns how many. */
function offsetsBuilder(
  arrow: DataType,
  present: (raw: unknown, masked?: boolean) => boolean,
  add: (raw: unknown) => number,
  child: (length: number) => Data,
): ColumnBuilder {
  const offsets: number[] = [0];
  const end = () => offsets[offsets.length - 1] as number;
  return nestedBuilder(
    arrow,
    present,
    (raw, ok) => offsets.push(end() + (ok ? add(raw) : 0)),
    () => ({ valueOffsets: Int32Array.from(offsets), child: child(end()) }),
  );
}

/** Types whose values an Int64Column holds (as bigints). */
function int64Words(type: PrimitiveType): 2 | 4 | undefined {
  if (type === 'long' || type === 'timestamp' || type === 'timestamptz') return 2;
  return parseDecimal(type) ? 4 : undefined;
}

/** The Arrow data of a column held as exact integers. */
function int64Data(arrow: DataType, column: Int64Column, words: 2 | 4): Data {
  const length = column.length;
  const nullBitmap = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (!column.isNull(i)) nullBitmap[i >> 3] = (nullBitmap[i >> 3] as number) | (1 << (i & 7));
    else nullCount++;
  }
  const raw = column.words(words);
  const data = words === 2 ? new BigInt64Array(raw.buffer) : raw;
  return makeData({ type: arrow, length, nullCount, nullBitmap, data } as never);
}

/** The Arrow Utf8 data of a column already held as UTF-8 bytes. */
function utf8Data(arrow: DataType, column: Utf8Column): Data {
  const length = column.length;
  const nullBitmap = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (!column.isNull(i)) nullBitmap[i >> 3] = (nullBitmap[i >> 3] as number) | (1 << (i & 7));
    else nullCount++;
  }
  return makeData({
    type: arrow,
    length,
    nullCount,
    nullBitmap,
    valueOffsets: column.offsets,
    data: column.data,
  } as never);
}

/** Values into a fixed-width array; a null stays 0 (the validity bitmap masks it). */
function fixedWidth<A extends Int32Array | BigInt64Array>(
  Typed: new (length: number) => A,
  values: (IcebergValue | null)[],
): A {
  const data = new Typed(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null) data[i] = v as never;
  }
  return data;
}

/**
 * toIcebergValue with the common already-converted cases answered first (same results: the
 * general conversion returns these values unchanged).
 */
function converter(type: PrimitiveType): (value: unknown) => IcebergValue | null {
  if (isInt64(type)) return (v) => (typeof v === 'bigint' ? v : toIcebergValue(type, v));
  switch (type) {
    case 'int':
      return (v) => (typeof v === 'number' && Object.is(v | 0, v) ? v : toIcebergValue(type, v));
    case 'string':
    case 'float':
    case 'double':
    case 'boolean': {
      const expected = type === 'string' ? 'string' : type === 'boolean' ? 'boolean' : 'number';
      return (v) => (typeof v === expected ? (v as IcebergValue) : toIcebergValue(type, v));
    }
  }
  const decimal = parseDecimal(type);
  if (decimal) return (v) => (typeof v === 'string' ? parseDecimalText(v, decimal.scale) : toIcebergValue(type, v));
  return (v) => toIcebergValue(type, v);
}

function decimalWords(values: (IcebergValue | null)[]): Uint32Array {
  const words = new Uint32Array(values.length * 4);
  values.forEach((v, i) => {
    let rest = BigInt.asUintN(128, v === null ? 0n : (v as bigint));
    for (let w = 0; w < 4; w++) {
      words[i * 4 + w] = Number(rest & 0xffff_ffffn);
      rest >>= 32n;
    }
  });
  return words;
}

function variableWidth(values: (IcebergValue | null)[], toBytes: (v: IcebergValue) => Uint8Array) {
  const chunks = values.map((v) => (v === null ? new Uint8Array(0) : toBytes(v)));
  const valueOffsets = new Int32Array(values.length + 1);
  let total = 0;
  chunks.forEach((c, i) => {
    total += c.length;
    valueOffsets[i + 1] = total;
  });
  const data = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.length;
  }
  return { valueOffsets, data };
}

function primitiveData(type: PrimitiveType, arrow: DataType, values: (IcebergValue | null)[]): Data {
  const length = values.length;
  const { nullBitmap, nullCount } = valuesValidity(values);
  const base = { type: arrow, length, nullCount, nullBitmap } as const;
  const or0 = <T>(v: IcebergValue | null, zero: T) => (v === null ? zero : v);
  if (isInt64(type)) return makeData({ ...base, data: fixedWidth(BigInt64Array, values) } as never);
  switch (type) {
    case 'boolean': {
      const data = new Uint8Array(Math.ceil(length / 8));
      values.forEach((v, i) => {
        if (v === true) data[i >> 3] = (data[i >> 3] as number) | (1 << (i & 7));
      });
      return makeData({ ...base, data } as never);
    }
    case 'int':
    case 'date':
      return makeData({ ...base, data: fixedWidth(Int32Array, values) } as never);
    case 'float':
      return makeData({ ...base, data: Float32Array.from(values, (v) => or0(v, 0) as number) } as never);
    case 'double':
      return makeData({ ...base, data: Float64Array.from(values, (v) => or0(v, 0) as number) } as never);
    case 'string':
      return makeData({ ...base, ...stringData(values) } as never);
    case 'binary':
      return makeData({ ...base, ...variableWidth(values, (v) => v as Uint8Array) } as never);
    case 'uuid': {
      const data = new Uint8Array(length * 16);
      values.forEach((v, i) => {
        if (v !== null) data.set(Buffer.from((v as string).replace(/-/g, ''), 'hex'), i * 16);
      });
      return makeData({ ...base, data } as never);
    }
  }
  if (parseDecimal(type)) return makeData({ ...base, data: decimalWords(values) } as never);
  const size = parseFixed(type);
  if (size !== undefined) {
    const data = new Uint8Array(length * size);
    values.forEach((v, i) => {
      if (v === null) return;
      if ((v as Uint8Array).length !== size)
        throw new Error(`fixed[${size}] value has ${(v as Uint8Array).length} bytes`);
      data.set(v as Uint8Array, i * size);
    });
    return makeData({ ...base, data } as never);
  }
  throw new Error(`Cannot build a column of ${type}`);
}

/** Where a column's values go: its metrics, by leaf field id, shared across the file's batches. */
export type MetricsRegistry = Map<number, ColumnMetrics>;

function metricsFor(registry: MetricsRegistry, id: number, type: PrimitiveType, withBounds: boolean): ColumnMetrics {
  let metrics = registry.get(id);
  if (!metrics) {
    metrics = new ColumnMetrics(id, type, withBounds);
    registry.set(id, metrics);
  }
  return metrics;
}

export function columnBuilder(
  field: { id: number; name: string; required: boolean; type: IcebergType },
  registry: MetricsRegistry,
  repeated = false,
): ColumnBuilder {
  const arrow = arrowType(field.type);
  const type = field.type;
  const required = (value: unknown, masked = false) => {
    if (masked) return false;
    if (value === null || value === undefined) {
      if (field.required) throw new Error(`Required field "${field.name}" (id ${field.id}) is null`);
      return false;
    }
    return true;
  };

  if (isPrimitive(type)) {
    const metrics = metricsFor(registry, field.id, type, !repeated);
    const values: (IcebergValue | null)[] = [];
    const convert = converter(type);
    const add = (raw: unknown, masked: boolean | undefined) => {
      const ok = required(raw, masked);
      let value: IcebergValue | null = null;
      if (ok) {
        try {
          value = convert(raw);
        } catch (error) {
          throw new Error(`Field "${field.name}" (id ${field.id}): ${(error as Error).message}`);
        }
      }
      values.push(value);
      metrics.add(value);
    };
    // A whole string column given as UTF-8 bytes becomes the Arrow column as it is, and a whole
    // column of exact integers is written without a BigInt per value.
    let whole: Utf8Column | Int64Column | undefined;
    const words = int64Words(type);
    const unwrap = () => {
      if (!whole) return;
      for (let i = 0; i < whole.length; i++) values.push(whole.get(i));
      whole = undefined;
    };
    return {
      append(raw, masked) {
        unwrap();
        add(raw, masked);
      },
      appendColumn(column, start, end) {
        if (column instanceof Utf8Column && type !== 'string') {
          throw new Error(`Field "${field.name}" (id ${field.id}) is not a string column`);
        }
        if (column instanceof Int64Column && words === undefined) {
          throw new Error(`Field "${field.name}" (id ${field.id}) is not a 64-bit column`);
        }
        if (column instanceof Utf8Column || column instanceof Int64Column) {
          if (whole === undefined && values.length === 0 && start === 0 && end === column.length) {
            if (field.required && column.nulls?.includes(1)) {
              throw new Error(`Required field "${field.name}" (id ${field.id}) is null`);
            }
            whole = column;
            if (column instanceof Utf8Column) metrics.addUtf8Column(column);
            else metrics.addInt64Column(column);
            return;
          }
          unwrap();
          for (let i = start; i < end; i++) add(column.get(i), false);
          return;
        }
        unwrap();
        for (let i = start; i < end; i++) add(column[i], false);
      },
      build: () =>
        whole instanceof Utf8Column
          ? utf8Data(arrow, whole)
          : whole
            ? int64Data(arrow, whole, words as 2 | 4)
            : primitiveData(type, arrow, values),
    };
  }

  if (type.type === 'struct') {
    const children = type.fields.map((f: NestedField) => columnBuilder(f, registry, repeated));
    const structFields = type.fields;
    return nestedBuilder(
      arrow,
      required,
      (raw, ok) => {
        const record = (ok ? raw : {}) as Record<string, unknown>;
        // A null struct still has a slot in each child; Arrow masks it with the struct's null.
        structFields.forEach((f, i) => {
          (children[i] as ColumnBuilder).append(ok ? record[f.name] : null, !ok);
        });
      },
      () => ({ children: children.map((c) => c.build()) }),
    );
  }

  if (type.type === 'list') {
    const element = columnBuilder(
      { id: type['element-id'], name: `${field.name}.element`, required: type['element-required'], type: type.element },
      registry,
      true,
    );
    return offsetsBuilder(
      arrow,
      required,
      (raw) => {
        if (!Array.isArray(raw)) throw new Error(`Field "${field.name}" expects an array`);
        for (const item of raw) element.append(item);
        return raw.length;
      },
      () => element.build(),
    );
  }

  const keys = columnBuilder(
    { id: type['key-id'], name: `${field.name}.key`, required: true, type: type.key },
    registry,
    true,
  );
  const values = columnBuilder(
    { id: type['value-id'], name: `${field.name}.value`, required: type['value-required'], type: type.value },
    registry,
    true,
  );
  const entries = (arrow as unknown as { children: { type: DataType }[] }).children[0]?.type as DataType;
  return offsetsBuilder(
    arrow,
    required,
    (raw) => {
      let pairs: [unknown, unknown][];
      if (raw instanceof Map) pairs = [...raw];
      else if (typeof raw === 'object') pairs = Object.entries(raw as object);
      else throw new Error(`Field "${field.name}" expects a Map or an object`);
      for (const [k, v] of pairs) {
        keys.append(k);
        values.append(v);
      }
      return pairs.length;
    },
    (length) => makeData({ type: entries, length, nullCount: 0, children: [keys.build(), values.build()] } as never),
  );
}
