import { describe, expect, it } from 'vitest';
import { readAvroContainer } from '../../src/iceberg/avro/container-reader.js';
import type { DataFile } from '../../src/iceberg/data-file.js';
import { addedEntries, decodeManifest, encodeManifest, ManifestEntryStatus } from '../../src/iceberg/manifest.js';
import {
  addedManifestFile,
  decodeManifestList,
  encodeManifestList,
  type ManifestFile,
} from '../../src/iceberg/manifest-list.js';
import { partitionType } from '../../src/iceberg/partition-spec.js';
import { fromBytes, toBytes } from '../../src/iceberg/single-value.js';
import { ORDERS_SCHEMA, ORDERS_SPEC } from './fixtures.js';

const file = (day: number, records: number): DataFile => ({
  content: 0,
  filePath: `s3://lake/warehouse/raw/orders/data/created_at_day=${day}/f-${day}.parquet`,
  fileFormat: 'PARQUET',
  partition: [day],
  recordCount: records,
  fileSizeInBytes: 1000 + records,
  valueCounts: new Map([
    [1, records],
    [7, records],
  ]),
  nullValueCounts: new Map([[7, 1]]),
  lowerBounds: new Map([[4, toBytes('decimal(16, 2)', 123456n)]]),
  upperBounds: new Map([[4, toBytes('decimal(16, 2)', 999999n)]]),
  sortOrderId: 0,
});

const SNAPSHOT_ID = 8_765_432_109_876_543_210n;

describe('manifest', () => {
  it('writes a v2 manifest Java can rebuild the spec from, and reads it back', () => {
    const bytes = encodeManifest({
      schema: ORDERS_SCHEMA,
      spec: ORDERS_SPEC,
      entries: addedEntries(SNAPSHOT_ID, [file(19_844, 10), file(19_845, 5)]),
    });
    const container = readAvroContainer(bytes);
    expect(container.metadata).toEqual({
      schema: JSON.stringify(ORDERS_SCHEMA),
      'schema-id': '0',
      'partition-spec': JSON.stringify(ORDERS_SPEC.fields),
      'partition-spec-id': '0',
      'format-version': '2',
      content: 'data',
    });
    const avroSchema = JSON.parse(container.schemaJson);
    const dataFile = avroSchema.fields.find((f: { name: string }) => f.name === 'data_file');
    expect(dataFile['field-id']).toBe(2);
    const ids = dataFile.type.fields.map((f: { 'field-id': number }) => f['field-id']);
    expect(ids).toEqual([134, 100, 101, 102, 103, 104, 108, 109, 110, 137, 125, 128, 131, 132, 135, 140]);
    const partition = dataFile.type.fields.find((f: { name: string }) => f.name === 'partition');
    expect(partition.type.fields).toEqual([
      { name: 'created_at_day', type: ['null', { type: 'int', logicalType: 'date' }], default: null, 'field-id': 1000 },
    ]);

    const entries = decodeManifest(bytes, ORDERS_SCHEMA, ORDERS_SPEC);
    expect(entries).toHaveLength(2);
    expect(entries[0]?.status).toBe(ManifestEntryStatus.ADDED);
    expect(entries[0]?.snapshotId).toBe(SNAPSHOT_ID);
    expect(entries[0]?.sequenceNumber).toBeNull();
    expect(entries[0]?.fileSequenceNumber).toBeNull();
    expect(entries[0]?.dataFile.partition).toEqual([19_844]);
    expect(entries[1]?.dataFile.recordCount).toBe(5);
    expect(fromBytes('decimal(16, 2)', entries[0]?.dataFile.lowerBounds?.get(4) as Buffer)).toBe(123456n);
    expect(entries[0]?.dataFile.nullValueCounts?.get(7)).toBe(1);
  });
});

describe('manifest list', () => {
  it('round-trips entries with 63-bit ids and partition summaries', () => {
    const added = addedManifestFile({
      manifestPath: 's3://lake/warehouse/raw/orders/metadata/a-m0.avro',
      manifestLength: 4242,
      specId: 0,
      partition: partitionType(ORDERS_SPEC, ORDERS_SCHEMA),
      snapshotId: SNAPSHOT_ID,
      sequenceNumber: 2n,
      files: [file(19_845, 10), file(19_844, 5)],
    });
    const carried: ManifestFile = {
      ...added,
      manifestPath: 'old-m0.avro',
      sequenceNumber: 1n,
      minSequenceNumber: 1n,
      addedSnapshotId: 1n,
    };
    const bytes = encodeManifestList({
      snapshotId: SNAPSHOT_ID,
      parentSnapshotId: 1n,
      sequenceNumber: 2n,
      manifests: [added, carried],
    });
    expect(readAvroContainer(bytes).metadata).toEqual({
      'snapshot-id': String(SNAPSHOT_ID),
      'parent-snapshot-id': '1',
      'sequence-number': '2',
      'format-version': '2',
    });
    const read = decodeManifestList(bytes);
    expect(read).toEqual([added, carried]);
    expect(read[0]?.addedRowsCount).toBe(15n);
    expect(read[0]?.partitions?.[0]?.containsNull).toBe(false);
    expect(fromBytes('date', read[0]?.partitions?.[0]?.lowerBound as Buffer)).toBe(19_844);
    expect(fromBytes('date', read[0]?.partitions?.[0]?.upperBound as Buffer)).toBe(19_845);
  });

  it('reads lists by field id whatever the writer named the fields', () => {
    const schema = JSON.stringify({
      type: 'record',
      name: 'manifest_file',
      fields: [
        { name: 'manifest_path', type: 'string', 'field-id': 500 },
        { name: 'manifest_length', type: 'long', 'field-id': 501 },
        { name: 'partition_spec_id', type: 'int', 'field-id': 502 },
        { name: 'added_snapshot_id', type: ['null', 'long'], default: null, 'field-id': 503 },
        { name: 'added_data_files_count', type: ['null', 'int'], default: null, 'field-id': 504 },
      ],
    });
    const bytes = encodeV1(schema);
    expect(decodeManifestList(bytes)[0]).toMatchObject({
      manifestPath: 'v1.avro',
      addedFilesCount: 3,
      sequenceNumber: 0n,
      content: 0,
      addedSnapshotId: 7n,
    });
  });
});

import { writeAvroContainer } from '../../src/iceberg/avro/container-writer.js';

function encodeV1(schemaJson: string): Buffer {
  return writeAvroContainer({
    schemaJson,
    records: [
      {
        manifest_path: 'v1.avro',
        manifest_length: 10n,
        partition_spec_id: 0,
        added_snapshot_id: 7n,
        added_data_files_count: 3,
      },
    ],
  });
}
