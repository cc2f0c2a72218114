import { fromAvroValue, partitionAvroSchema, toAvroValue } from './avro/partition-avro.js';
import type { PartitionValues } from './partition-spec.js';
import type { PrimitiveType, StructType } from './schema.js';

/** content: 0 data, 1 position deletes, 2 equality deletes. This writer only produces data files. */
export type FileContent = 0 | 1 | 2;

/** One data file as a manifest describes it (spec "Manifests", data_file struct, field 2). */
export interface DataFile {
  content: FileContent;
  filePath: string;
  fileFormat: 'PARQUET' | 'AVRO' | 'ORC';
  partition: PartitionValues;
  recordCount: number;
  fileSizeInBytes: number;
  /** Metrics by field id; bounds are Appendix D serialized. */
  columnSizes?: Map<number, number>;
  valueCounts?: Map<number, number>;
  nullValueCounts?: Map<number, number>;
  nanValueCounts?: Map<number, number>;
  lowerBounds?: Map<number, Buffer>;
  upperBounds?: Map<number, Buffer>;
  keyMetadata?: Buffer | null;
  splitOffsets?: number[];
  equalityIds?: number[];
  sortOrderId?: number | null;
}

/**
 * Iceberg maps whose keys are not strings are Avro arrays of key/value records, marked with
 * logicalType map; the record is named k<key-id>_v<value-id> as Java names it.
 */
function mapOf(keyId: number, valueId: number, value: string): unknown {
  return [
    'null',
    {
      type: 'array',
      logicalType: 'map',
      items: {
        type: 'record',
        name: `k${keyId}_v${valueId}`,
        fields: [
          { name: 'key', type: 'int', 'field-id': keyId },
          { name: 'value', type: value, 'field-id': valueId },
        ],
      },
    },
  ];
}

function listOf(elementId: number, element: string): unknown {
  return ['null', { type: 'array', items: element, 'element-id': elementId }];
}

function optional(name: string, type: unknown, fieldId: number) {
  return { name, type, default: null, 'field-id': fieldId };
}

/** The v2 data_file record (field 2 of manifest_entry), with the spec's field ids. */
export function dataFileAvroSchema(partition: StructType): unknown {
  return {
    type: 'record',
    name: 'r2',
    fields: [
      { name: 'content', type: 'int', 'field-id': 134 },
      { name: 'file_path', type: 'string', 'field-id': 100 },
      { name: 'file_format', type: 'string', 'field-id': 101 },
      { name: 'partition', type: partitionAvroSchema(partition), 'field-id': 102 },
      { name: 'record_count', type: 'long', 'field-id': 103 },
      { name: 'file_size_in_bytes', type: 'long', 'field-id': 104 },
      optional('column_sizes', mapOf(117, 118, 'long'), 108),
      optional('value_counts', mapOf(119, 120, 'long'), 109),
      optional('null_value_counts', mapOf(121, 122, 'long'), 110),
      optional('nan_value_counts', mapOf(138, 139, 'long'), 137),
      optional('lower_bounds', mapOf(126, 127, 'bytes'), 125),
      optional('upper_bounds', mapOf(129, 130, 'bytes'), 128),
      optional('key_metadata', ['null', 'bytes'], 131),
      optional('split_offsets', listOf(133, 'long'), 132),
      optional('equality_ids', listOf(136, 'int'), 135),
      optional('sort_order_id', ['null', 'int'], 140),
    ],
  };
}

function longMap(map: Map<number, number> | undefined) {
  if (!map) return null;
  return [...map].sort(([a], [b]) => a - b).map(([key, value]) => ({ key, value: BigInt(value) }));
}

function bytesMap(map: Map<number, Buffer> | undefined) {
  if (!map) return null;
  return [...map].sort(([a], [b]) => a - b).map(([key, value]) => ({ key, value }));
}

export function dataFileToAvro(file: DataFile, partition: StructType): Record<string, unknown> {
  const partitionRecord: Record<string, unknown> = {};
  partition.fields.forEach((f, i) => {
    partitionRecord[f.name] = toAvroValue(f.type as PrimitiveType, file.partition[i] ?? null);
  });
  return {
    content: file.content,
    file_path: file.filePath,
    file_format: file.fileFormat,
    partition: partitionRecord,
    record_count: BigInt(file.recordCount),
    file_size_in_bytes: BigInt(file.fileSizeInBytes),
    column_sizes: longMap(file.columnSizes),
    value_counts: longMap(file.valueCounts),
    null_value_counts: longMap(file.nullValueCounts),
    nan_value_counts: longMap(file.nanValueCounts),
    lower_bounds: bytesMap(file.lowerBounds),
    upper_bounds: bytesMap(file.upperBounds),
    key_metadata: file.keyMetadata ?? null,
    split_offsets: file.splitOffsets ? file.splitOffsets.map((o) => BigInt(o)) : null,
    equality_ids: file.equalityIds ?? null,
    sort_order_id: file.sortOrderId ?? null,
  };
}

type KeyValue<V> = { key: number; value: V }[] | null | undefined;

function readMap<V, R>(pairs: KeyValue<V>, convert: (v: V) => R): Map<number, R> | undefined {
  return pairs ? new Map(pairs.map((p) => [p.key, convert(p.value)])) : undefined;
}

/** Reads data_file written by any engine; v1 files have no content field (it defaults to data). */
export function dataFileFromAvro(record: Record<string, unknown>, partition: StructType): DataFile {
  const part = (record.partition ?? {}) as Record<string, unknown>;
  return {
    content: ((record.content as number | undefined) ?? 0) as FileContent,
    filePath: record.file_path as string,
    fileFormat: record.file_format as DataFile['fileFormat'],
    partition: partition.fields.map((f) => fromAvroValue(f.type as PrimitiveType, part[f.name])),
    recordCount: Number(record.record_count),
    fileSizeInBytes: Number(record.file_size_in_bytes),
    columnSizes: readMap(record.column_sizes as KeyValue<bigint>, Number),
    valueCounts: readMap(record.value_counts as KeyValue<bigint>, Number),
    nullValueCounts: readMap(record.null_value_counts as KeyValue<bigint>, Number),
    nanValueCounts: readMap(record.nan_value_counts as KeyValue<bigint>, Number),
    lowerBounds: readMap(record.lower_bounds as KeyValue<Buffer>, (b) => b),
    upperBounds: readMap(record.upper_bounds as KeyValue<Buffer>, (b) => b),
    keyMetadata: (record.key_metadata as Buffer | null | undefined) ?? null,
    splitOffsets: (record.split_offsets as bigint[] | null | undefined)?.map(Number),
    equalityIds: (record.equality_ids as number[] | null | undefined) ?? undefined,
    sortOrderId: (record.sort_order_id as number | null | undefined) ?? null,
  };
}
