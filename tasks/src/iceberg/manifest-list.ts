import { readAvroContainer } from './avro/container-reader.js';
import { writeAvroContainer } from './avro/container-writer.js';
import { byId, indexRecord } from './avro/field-ids.js';
import type { DataFile } from './data-file.js';
import type { PartitionValues } from './partition-spec.js';
import type { PrimitiveType, StructType } from './schema.js';
import { compareValues, type IcebergValue, toBytes } from './single-value.js';

/** content of a manifest: 0 data, 1 deletes. */
export type ManifestContent = 0 | 1;

export interface FieldSummary {
  containsNull: boolean;
  containsNan: boolean | null;
  lowerBound: Buffer | null;
  upperBound: Buffer | null;
}

/** One manifest_file entry of a manifest list (spec "Manifest Lists"). */
export interface ManifestFile {
  manifestPath: string;
  manifestLength: number;
  partitionSpecId: number;
  content: ManifestContent;
  sequenceNumber: bigint;
  minSequenceNumber: bigint;
  addedSnapshotId: bigint;
  addedFilesCount: number;
  existingFilesCount: number;
  deletedFilesCount: number;
  addedRowsCount: bigint;
  existingRowsCount: bigint;
  deletedRowsCount: bigint;
  partitions: FieldSummary[] | null;
  keyMetadata: Buffer | null;
}

const opt = (name: string, type: unknown, id: number) => ({
  name,
  type: ['null', type],
  default: null,
  'field-id': id,
});

/** The v2 manifest_file schema with the spec's field ids (Java and PyIceberg resolve fields by these). */
export const MANIFEST_LIST_SCHEMA_JSON = JSON.stringify({
  type: 'record',
  name: 'manifest_file',
  fields: [
    { name: 'manifest_path', type: 'string', 'field-id': 500 },
    { name: 'manifest_length', type: 'long', 'field-id': 501 },
    { name: 'partition_spec_id', type: 'int', 'field-id': 502 },
    { name: 'content', type: 'int', 'field-id': 517 },
    { name: 'sequence_number', type: 'long', 'field-id': 515 },
    { name: 'min_sequence_number', type: 'long', 'field-id': 516 },
    { name: 'added_snapshot_id', type: 'long', 'field-id': 503 },
    { name: 'added_files_count', type: 'int', 'field-id': 504 },
    { name: 'existing_files_count', type: 'int', 'field-id': 505 },
    { name: 'deleted_files_count', type: 'int', 'field-id': 506 },
    { name: 'added_rows_count', type: 'long', 'field-id': 512 },
    { name: 'existing_rows_count', type: 'long', 'field-id': 513 },
    { name: 'deleted_rows_count', type: 'long', 'field-id': 514 },
    opt(
      'partitions',
      {
        type: 'array',
        items: {
          type: 'record',
          name: 'r508',
          fields: [
            { name: 'contains_null', type: 'boolean', 'field-id': 509 },
            opt('contains_nan', 'boolean', 518),
            opt('lower_bound', 'bytes', 510),
            opt('upper_bound', 'bytes', 511),
          ],
        },
        'element-id': 508,
      },
      507,
    ),
    opt('key_metadata', 'bytes', 519),
  ],
});

export interface ManifestListInput {
  snapshotId: bigint;
  parentSnapshotId: bigint | null;
  sequenceNumber: bigint;
  manifests: ManifestFile[];
}

export function encodeManifestList(input: ManifestListInput): Buffer {
  return writeAvroContainer({
    schemaJson: MANIFEST_LIST_SCHEMA_JSON,
    metadata: {
      'snapshot-id': String(input.snapshotId),
      'parent-snapshot-id': input.parentSnapshotId === null ? 'null' : String(input.parentSnapshotId),
      'sequence-number': String(input.sequenceNumber),
      'format-version': '2',
    },
    records: input.manifests.map((m) => ({
      manifest_path: m.manifestPath,
      manifest_length: BigInt(m.manifestLength),
      partition_spec_id: m.partitionSpecId,
      content: m.content,
      sequence_number: m.sequenceNumber,
      min_sequence_number: m.minSequenceNumber,
      added_snapshot_id: m.addedSnapshotId,
      added_files_count: m.addedFilesCount,
      existing_files_count: m.existingFilesCount,
      deleted_files_count: m.deletedFilesCount,
      added_rows_count: m.addedRowsCount,
      existing_rows_count: m.existingRowsCount,
      deleted_rows_count: m.deletedRowsCount,
      partitions:
        m.partitions?.map((p) => ({
          contains_null: p.containsNull,
          contains_nan: p.containsNan,
          lower_bound: p.lowerBound,
          upper_bound: p.upperBound,
        })) ?? null,
      key_metadata: m.keyMetadata,
    })),
  });
}

/**
 * Reads a manifest list from any writer (Java, Spark, PyIceberg, this one) by field id. v1 lists
 * lack sequence numbers and content: the spec says to read them as 0 and data.
 */
export function decodeManifestList(buf: Buffer): ManifestFile[] {
  const { schemaJson, records } = readAvroContainer(buf);
  const index = indexRecord(JSON.parse(schemaJson));
  const summaryIndex = index.nested.get(507);
  return records.map((r) => {
    const get = (id: number) => byId(index, r, id);
    const big = (id: number) => BigInt((get(id) as bigint | number | null | undefined) ?? 0n);
    const num = (id: number) => Number(get(id) ?? 0);
    const partitions = get(507) as Record<string, unknown>[] | null | undefined;
    return {
      manifestPath: get(500) as string,
      manifestLength: num(501),
      partitionSpecId: num(502),
      content: num(517) as ManifestContent,
      sequenceNumber: big(515),
      minSequenceNumber: big(516),
      addedSnapshotId: big(503),
      addedFilesCount: num(504),
      existingFilesCount: num(505),
      deletedFilesCount: num(506),
      addedRowsCount: big(512),
      existingRowsCount: big(513),
      deletedRowsCount: big(514),
      partitions:
        partitions && summaryIndex
          ? partitions.map((p) => ({
              containsNull: Boolean(byId(summaryIndex, p, 509)),
              containsNan: (byId(summaryIndex, p, 518) as boolean | null | undefined) ?? null,
              lowerBound: (byId(summaryIndex, p, 510) as Buffer | null | undefined) ?? null,
              upperBound: (byId(summaryIndex, p, 511) as Buffer | null | undefined) ?? null,
            }))
          : null,
      keyMetadata: (get(519) as Buffer | null | undefined) ?? null,
    };
  });
}

/** Per partition field: nulls, NaNs and min/max of the files' partition values (lets readers prune manifests). */
export function partitionSummaries(partition: StructType, values: PartitionValues[]): FieldSummary[] {
  return partition.fields.map((field, i) => {
    const type = field.type as PrimitiveType;
    let containsNull = false;
    let containsNan = false;
    let lower: IcebergValue | undefined;
    let upper: IcebergValue | undefined;
    for (const tuple of values) {
      const v = tuple[i] ?? null;
      if (v === null) containsNull = true;
      else if (typeof v === 'number' && Number.isNaN(v)) containsNan = true;
      else {
        if (lower === undefined || compareValues(type, v, lower) < 0) lower = v;
        if (upper === undefined || compareValues(type, v, upper) > 0) upper = v;
      }
    }
    return {
      containsNull,
      containsNan: type === 'float' || type === 'double' ? containsNan : false,
      lowerBound: lower === undefined ? null : toBytes(type, lower),
      upperBound: upper === undefined ? null : toBytes(type, upper),
    };
  });
}

/** The manifest_file entry describing a manifest of ADDED data files written for `snapshotId`. */
export function addedManifestFile(args: {
  manifestPath: string;
  manifestLength: number;
  specId: number;
  partition: StructType;
  snapshotId: bigint;
  sequenceNumber: bigint;
  files: DataFile[];
}): ManifestFile {
  return {
    manifestPath: args.manifestPath,
    manifestLength: args.manifestLength,
    partitionSpecId: args.specId,
    content: 0,
    sequenceNumber: args.sequenceNumber,
    minSequenceNumber: args.sequenceNumber,
    addedSnapshotId: args.snapshotId,
    addedFilesCount: args.files.length,
    existingFilesCount: 0,
    deletedFilesCount: 0,
    addedRowsCount: BigInt(args.files.reduce((sum, f) => sum + f.recordCount, 0)),
    existingRowsCount: 0n,
    deletedRowsCount: 0n,
    partitions: partitionSummaries(
      args.partition,
      args.files.map((f) => f.partition),
    ),
    keyMetadata: null,
  };
}
