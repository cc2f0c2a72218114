import { describe, expect, it } from 'vitest';
import { appendSummary } from '../../src/iceberg/snapshot.js';
import {
  currentSnapshot,
  findSnapshotBySummary,
  metadataFileLocation,
  parseTableMetadata,
  type Snapshot,
  serializeTableMetadata,
} from '../../src/iceberg/table-metadata.js';
import { buildMetadata, newTableMetadata } from '../../src/iceberg/table-metadata-builder.js';
import { ORDERS_SCHEMA, ORDERS_SPEC } from './fixtures.js';

// As Spark writes it: 19-digit ids, a float property, and keys this writer has never heard of.
const SPARK_METADATA = `{
  "format-version" : 2,
  "table-uuid" : "9c12d441-03fe-4693-9a96-a0705ddf69c1",
  "location" : "s3://lake/warehouse/raw/t",
  "last-sequence-number" : 1,
  "last-updated-ms" : 1715000000000,
  "last-column-id" : 1,
  "current-schema-id" : 0,
  "schemas" : [ { "type" : "struct", "schema-id" : 0, "fields" : [ { "id" : 1, "name" : "id", "required" : true, "type" : "long" } ] } ],
  "default-spec-id" : 0,
  "partition-specs" : [ { "spec-id" : 0, "fields" : [ ] } ],
  "last-partition-id" : 999,
  "default-sort-order-id" : 0,
  "sort-orders" : [ { "order-id" : 0, "fields" : [ ] } ],
  "properties" : { "owner" : "spark" },
  "current-snapshot-id" : 9223372036854775807,
  "refs" : { "main" : { "snapshot-id" : 9223372036854775807, "type" : "branch" } },
  "snapshots" : [ { "sequence-number" : 1, "snapshot-id" : 9223372036854775807, "timestamp-ms" : 1715000000000,
    "summary" : { "operation" : "append", "total-records" : "10", "run-id" : "r1" },
    "manifest-list" : "s3://lake/warehouse/raw/t/metadata/snap-1.avro", "schema-id" : 0 } ],
  "statistics" : [ { "snapshot-id" : 9223372036854775807, "statistics-path" : "s3://x.stats", "file-size-in-bytes" : 10, "file-footer-size-in-bytes" : 5, "blob-metadata" : [ ] } ],
  "snapshot-log" : [ { "timestamp-ms" : 1715000000000, "snapshot-id" : 9223372036854775807 } ],
  "metadata-log" : [ ],
  "future-key" : { "ratio" : 0.10000000000000000555, "big" : 12345678901234567890123 }
}`;

describe('table metadata', () => {
  it('parses and writes losslessly: 19-digit ids and unknown keys survive', () => {
    const meta = parseTableMetadata(SPARK_METADATA);
    expect(meta['current-snapshot-id']).toBe(9_223_372_036_854_775_807n);
    expect(currentSnapshot(meta)?.summary['total-records']).toBe('10');
    const text = serializeTableMetadata(meta);
    expect(text).toContain('"current-snapshot-id":9223372036854775807');
    expect(text).toContain('"ratio":0.10000000000000000555');
    expect(text).toContain('"big":12345678901234567890123');
    expect(parseTableMetadata(text)).toEqual(meta);
    expect(JSON.parse(text).statistics[0]['statistics-path']).toBe('s3://x.stats');
  });

  it('appends a snapshot carrying every field of the parent forward', () => {
    const base = parseTableMetadata(SPARK_METADATA);
    const snapshot: Snapshot = {
      'snapshot-id': 42n,
      'parent-snapshot-id': 9_223_372_036_854_775_807n,
      'sequence-number': 2,
      'timestamp-ms': 1715000001000,
      'manifest-list': 's3://lake/warehouse/raw/t/metadata/snap-42.avro',
      summary: appendSummary([], base.snapshots?.[0]?.summary, { 'run-id': 'r2' }),
      'schema-id': 0,
    };
    const next = buildMetadata({
      base: { metadata: base, location: 's3://lake/warehouse/raw/t/metadata/00001-a.metadata.json' },
      updates: [
        { action: 'add-snapshot', snapshot },
        { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': 42n },
      ],
    });
    expect(next['future-key']).toEqual(base['future-key']);
    expect(next.statistics).toEqual(base.statistics);
    expect(next['last-sequence-number']).toBe(2);
    expect(next.refs?.main).toEqual({ 'snapshot-id': 42n, type: 'branch' });
    expect(next['metadata-log']).toEqual([
      { 'timestamp-ms': 1715000000000, 'metadata-file': 's3://lake/warehouse/raw/t/metadata/00001-a.metadata.json' },
    ]);
    expect(next['snapshot-log']?.map((e) => e['snapshot-id'])).toEqual([9_223_372_036_854_775_807n, 42n]);
    expect(findSnapshotBySummary(next, 'run-id', 'r1')?.['snapshot-id']).toBe(9_223_372_036_854_775_807n);
    expect(findSnapshotBySummary(next, 'run-id', 'r2')?.['snapshot-id']).toBe(42n);
    expect(findSnapshotBySummary(next, 'run-id', 'r3')).toBeUndefined();
    expect(base.snapshots).toHaveLength(1); // the parent object is not mutated
  });

  it('summarises appends per Appendix F, continuing the parent totals', () => {
    const files = [
      { content: 0, filePath: 'a', fileFormat: 'PARQUET', partition: [1], recordCount: 3, fileSizeInBytes: 100 },
      { content: 0, filePath: 'b', fileFormat: 'PARQUET', partition: [2], recordCount: 4, fileSizeInBytes: 50 },
    ] as const;
    const summary = appendSummary(
      [...files] as never,
      {
        operation: 'append',
        'total-records': '10',
        'total-files-size': '5',
        'total-data-files': '1',
        'total-delete-files': '0',
        'total-position-deletes': '0',
        'total-equality-deletes': '0',
      },
      { watermark: 'w' },
    );
    expect(summary).toEqual({
      operation: 'append',
      watermark: 'w',
      'added-data-files': '2',
      'added-records': '7',
      'added-files-size': '150',
      'changed-partition-count': '2',
      'total-records': '17',
      'total-files-size': '155',
      'total-data-files': '3',
      'total-delete-files': '0',
      'total-position-deletes': '0',
      'total-equality-deletes': '0',
    });
    expect(() => appendSummary([], undefined, { 'total-records': '1' })).toThrow(/computed/);
  });

  it('creates v2 metadata and numbers metadata files like Java', () => {
    const meta = newTableMetadata({
      location: 's3://lake/warehouse/raw/orders/',
      schema: ORDERS_SCHEMA,
      spec: ORDERS_SPEC,
    });
    expect(meta['format-version']).toBe(2);
    expect(meta.location).toBe('s3://lake/warehouse/raw/orders');
    expect(meta['last-column-id']).toBe(7);
    expect(meta['last-partition-id']).toBe(1000);
    expect(serializeTableMetadata(meta)).toContain('"current-snapshot-id":-1,');
    expect(metadataFileLocation(meta.location, null)).toMatch(/\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/);
    expect(metadataFileLocation(meta.location, `${meta.location}/metadata/00041-x.metadata.json`)).toMatch(/\/00042-/);
  });
});
