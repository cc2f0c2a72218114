import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAvroContainer } from '../../src/iceberg/avro/container-reader.js';
import { decodeManifest } from '../../src/iceberg/manifest.js';
import { decodeManifestList, encodeManifestList } from '../../src/iceberg/manifest-list.js';
import { fromBytes } from '../../src/iceberg/single-value.js';
import {
  currentSchema,
  currentSnapshot,
  defaultSpec,
  parseTableMetadata,
  serializeTableMetadata,
} from '../../src/iceberg/table-metadata.js';

// Written by Spark 4.1 + Iceberg 1.12 (INSERT INTO) on top of a snapshot this writer committed.
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe('files written by Spark / Iceberg Java', () => {
  it('reads a deflate manifest list and carries its entries forward unchanged', () => {
    const container = readAvroContainer(fixture('spark-manifest-list.avro'));
    expect(container.metadata['parent-snapshot-id']).toBe('7122620795707526110');
    const manifests = decodeManifestList(fixture('spark-manifest-list.avro'));
    expect(manifests.map((m) => [m.addedSnapshotId, m.sequenceNumber, m.addedFilesCount])).toEqual([
      [279_344_059_273_593_480n, 2n, 1],
      [7_122_620_795_707_526_110n, 1n, 2],
    ]);
    expect(fromBytes('date', manifests[0]?.partitions?.[0]?.lowerBound as Buffer)).toBe(19_846);
    const rewritten = encodeManifestList({
      snapshotId: 1n,
      parentSnapshotId: 279_344_059_273_593_480n,
      sequenceNumber: 3n,
      manifests,
    });
    expect(decodeManifestList(rewritten)).toEqual(manifests);
  });

  it('reads a Spark manifest with the table schema and spec', () => {
    const meta = parseTableMetadata(fixture('spark-metadata.json.fixture').toString('utf8'));
    const entries = decodeManifest(fixture('spark-manifest.avro'), currentSchema(meta), defaultSpec(meta));
    expect(entries).toHaveLength(1);
    expect(entries[0]?.snapshotId).toBe(279_344_059_273_593_480n);
    expect(entries[0]?.sequenceNumber).toBeNull();
    expect(entries[0]?.dataFile.partition).toEqual([19_846]);
    expect(entries[0]?.dataFile.recordCount).toBe(1);
    expect(fromBytes('string', entries[0]?.dataFile.lowerBounds?.get(12) as Buffer)).toBe('Cần Thơ');
  });

  it('round-trips Spark metadata losslessly, statistics keys included', () => {
    const text = fixture('spark-metadata.json.fixture').toString('utf8');
    const meta = parseTableMetadata(text);
    expect(currentSnapshot(meta)?.['snapshot-id']).toBe(279_344_059_273_593_480n);
    expect(serializeTableMetadata(meta)).toBe(text);
  });
});
