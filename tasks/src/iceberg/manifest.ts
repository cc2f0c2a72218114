import { randomUUID } from 'node:crypto';
import { readAvroContainer } from './avro/container-reader.js';
import { writeAvroContainer } from './avro/container-writer.js';
import { type DataFile, dataFileAvroSchema, dataFileFromAvro, dataFileToAvro } from './data-file.js';
import type { FileIO } from './io/file-io.js';
import { type PartitionSpec, partitionType } from './partition-spec.js';
import type { Schema } from './schema.js';
import { currentSchema, defaultSpec, type TableMetadata } from './table-metadata.js';

export enum ManifestEntryStatus {
  EXISTING = 0,
  ADDED = 1,
  DELETED = 2,
}

export interface ManifestEntry {
  status: ManifestEntryStatus;
  snapshotId: bigint | null;
  /** Null for ADDED entries: readers inherit the sequence number from the manifest list. */
  sequenceNumber: bigint | null;
  fileSequenceNumber: bigint | null;
  dataFile: DataFile;
}

/** The v2 manifest_entry schema for a partition spec, as JSON text with every field id. */
export function manifestEntrySchemaJson(spec: PartitionSpec, schema: Schema): string {
  const optionalLong = (name: string, id: number) => ({ name, type: ['null', 'long'], default: null, 'field-id': id });
  return JSON.stringify({
    type: 'record',
    name: 'manifest_entry',
    fields: [
      { name: 'status', type: 'int', 'field-id': 0 },
      optionalLong('snapshot_id', 1),
      optionalLong('sequence_number', 3),
      optionalLong('file_sequence_number', 4),
      { name: 'data_file', type: dataFileAvroSchema(partitionType(spec, schema)), 'field-id': 2 },
    ],
  });
}

export interface ManifestInput {
  schema: Schema;
  spec: PartitionSpec;
  entries: ManifestEntry[];
}

/**
 * Encodes a v2 data manifest. The header metadata is what Java's ManifestReader needs to rebuild
 * the spec without the table: the schema, the spec's fields and id, the format version and content.
 */
export function encodeManifest({ schema, spec, entries }: ManifestInput): Buffer {
  const partition = partitionType(spec, schema);
  return writeAvroContainer({
    schemaJson: manifestEntrySchemaJson(spec, schema),
    metadata: {
      schema: JSON.stringify(schema),
      'schema-id': String(schema['schema-id']),
      'partition-spec': JSON.stringify(spec.fields),
      'partition-spec-id': String(spec['spec-id']),
      'format-version': '2',
      content: 'data',
    },
    records: entries.map((e) => ({
      status: e.status,
      snapshot_id: e.snapshotId,
      sequence_number: e.sequenceNumber,
      file_sequence_number: e.fileSequenceNumber,
      data_file: dataFileToAvro(e.dataFile, partition),
    })),
  });
}

/** Entries of ADDED data files for one new snapshot. */
export function addedEntries(snapshotId: bigint, files: DataFile[]): ManifestEntry[] {
  return files.map((dataFile) => ({
    status: ManifestEntryStatus.ADDED,
    snapshotId,
    sequenceNumber: null,
    fileSequenceNumber: null,
    dataFile,
  }));
}

export function decodeManifest(buf: Buffer, schema: Schema, spec: PartitionSpec): ManifestEntry[] {
  const partition = partitionType(spec, schema);
  const { records } = readAvroContainer(buf);
  return records.map((r) => ({
    status: r.status as ManifestEntryStatus,
    snapshotId: (r.snapshot_id as bigint | null | undefined) ?? null,
    sequenceNumber: (r.sequence_number as bigint | null | undefined) ?? null,
    fileSequenceNumber: (r.file_sequence_number as bigint | null | undefined) ?? null,
    dataFile: dataFileFromAvro(r.data_file as Record<string, unknown>, partition),
  }));
}

/** A manifest file written for one snapshot's added data files. */
export interface WrittenManifest {
  manifestPath: string;
  manifestLength: number;
  specId: number;
}

/**
 * Writes the manifest listing `files` as added by snapshot `snapshotId`, for the table's current
 * schema and default spec, as `<location>/metadata/<name>` (a fresh UUID name unless the caller
 * needs one it can find again, such as the run id).
 */
export async function writeManifest(
  io: FileIO,
  metadata: TableMetadata,
  snapshotId: bigint,
  files: DataFile[],
  name = `${randomUUID()}-m0.avro`,
): Promise<WrittenManifest> {
  const spec = defaultSpec(metadata);
  const bytes = encodeManifest({ schema: currentSchema(metadata), spec, entries: addedEntries(snapshotId, files) });
  const manifestPath = `${metadata.location}/metadata/${name}`;
  await io.put(manifestPath, bytes);
  return { manifestPath, manifestLength: bytes.length, specId: spec['spec-id'] };
}
