import { loadSettings } from '@platform/config';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { TableIdentifier } from '../../src/iceberg/catalog/catalog.js';
import { JdbcCatalog } from '../../src/iceberg/catalog/jdbc-catalog.js';
import { AlreadyExistsError, CommitFailedError, NoSuchNamespaceError } from '../../src/iceberg/errors.js';
import { decodeManifest } from '../../src/iceberg/manifest.js';
import { decodeManifestList } from '../../src/iceberg/manifest-list.js';
import { writeDataFiles } from '../../src/iceberg/parquet/data-file-writer.js';
import { parseTimestampMicros } from '../../src/iceberg/parquet/value-conversion.js';
import { ancestry, currentSchema, currentSnapshot, defaultSpec } from '../../src/iceberg/table-metadata.js';
import { createTable, createTableIfNotExists } from '../../src/iceberg/transaction/create-table.js';
import { fastAppend } from '../../src/iceberg/transaction/fast-append.js';
import { setProperties } from '../../src/iceberg/transaction/update-properties.js';
import { catalogSettings, lakeFileIO } from '../../src/lake/platform-catalog.js';
import { readTableWithPyIceberg } from '../support/lake-readers.js';
import { ORDERS_SCHEMA, ORDERS_SPEC, orderRows } from './fixtures.js';

const settings = loadSettings();
const io = lakeFileIO(settings);
const catalog = JdbcCatalog.connect(catalogSettings(settings), io);
// Unique per run: the test stack's catalog outlives a single test file.
const suffix = `${Date.now().toString(36)}_${process.pid}`;

afterAll(async () => {
  await catalog.close();
  io.destroy();
});

/** A new, empty orders table of the test's own (day-partitioned on created_at). */
async function newOrdersTable(label: string, properties: Record<string, string> = {}): Promise<TableIdentifier> {
  const id = { namespace: 'raw', name: `${label}_${suffix}` };
  await catalog.createNamespace('raw', { owner: 'ingestion' });
  await createTable(catalog, id, { schema: ORDERS_SCHEMA, spec: ORDERS_SPEC, properties });
  return id;
}

async function appendRows(table: TableIdentifier, rows: ReturnType<typeof orderRows>, runId: string) {
  const loaded = await catalog.loadTable(table);
  const dataFiles = await writeDataFiles({ io, metadata: loaded.metadata, rows, filePrefix: runId });
  const started = performance.now();
  const result = await fastAppend(catalog, {
    table,
    dataFiles,
    summary: { 'ingest.watermark': `wm-${runId}` },
    idempotencyKey: { key: 'ingest.run-id', value: runId },
  });
  return { result, dataFiles, commitMs: performance.now() - started };
}

const batch1 = orderRows(1, 40, '2024-05-01');
const batch2 = [...orderRows(1001, 20, '2024-05-02'), ...orderRows(2001, 10, '2024-05-03')];

/** Two appends: run-1 (40 rows, one day) and run-2 (30 rows over two days). */
async function twoAppends(table: TableIdentifier) {
  return { first: await appendRows(table, batch1, 'run-1'), second: await appendRows(table, batch2, 'run-2') };
}

describe('Iceberg fast append through the JDBC catalog', () => {
  it('creates the namespace and table in the Java JdbcCatalog V1 layout', async () => {
    const ORDERS = await newOrdersTable('layout');
    expect(await catalog.namespaceExists('raw')).toBe(true);
    await catalog.createNamespace('raw'); // idempotent
    const table = await catalog.loadTable(ORDERS);
    expect(table.metadataLocation).toMatch(
      new RegExp(
        `^s3://${settings.s3.bucket}/warehouse/${catalog.name}/raw/${ORDERS.name}/metadata/00000-[0-9a-f-]{36}\\.metadata\\.json$`,
      ),
    );
    expect(table.metadata['format-version']).toBe(2);
    expect(currentSnapshot(table.metadata)).toBeUndefined();

    await expect(createTable(catalog, ORDERS, { schema: ORDERS_SCHEMA, spec: ORDERS_SPEC })).rejects.toBeInstanceOf(
      AlreadyExistsError,
    );
    const again = await createTableIfNotExists(catalog, ORDERS, { schema: ORDERS_SCHEMA, spec: ORDERS_SPEC });
    expect(again.metadataLocation).toBe(table.metadataLocation);
    await expect(
      createTable(catalog, { namespace: 'nope', name: 't' }, { schema: ORDERS_SCHEMA, spec: ORDERS_SPEC }),
    ).rejects.toBeInstanceOf(NoSuchNamespaceError);

    const pool = new pg.Pool(catalogSettings(settings).login);
    try {
      const { rows } = await pool.query<{
        table_name: string;
        column_name: string;
        data_type: string;
        len: number | null;
      }>(
        `SELECT table_name, column_name, data_type, character_maximum_length AS len FROM information_schema.columns
         WHERE table_name IN ('iceberg_tables', 'iceberg_namespace_properties') ORDER BY table_name, ordinal_position`,
      );
      expect(rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type}(${r.len})`)).toEqual([
        'iceberg_namespace_properties.catalog_name character varying(255)',
        'iceberg_namespace_properties.namespace character varying(255)',
        'iceberg_namespace_properties.property_key character varying(255)',
        'iceberg_namespace_properties.property_value character varying(1000)',
        'iceberg_tables.catalog_name character varying(255)',
        'iceberg_tables.table_namespace character varying(255)',
        'iceberg_tables.table_name character varying(255)',
        'iceberg_tables.metadata_location character varying(1000)',
        'iceberg_tables.previous_metadata_location character varying(1000)',
        'iceberg_tables.iceberg_type character varying(5)',
      ]);
      const row = await pool.query(
        'SELECT iceberg_type FROM iceberg_tables WHERE catalog_name = $1 AND table_name = $2',
        [catalog.name, ORDERS.name],
      );
      expect(row.rows[0]?.iceberg_type).toBe('TABLE');
    } finally {
      await pool.end();
    }
  });

  it('sets table properties in one commit, and the same values again are no commit at all', async () => {
    const table = await newOrdersTable('properties');
    const before = await catalog.loadTable(table);
    const set = await setProperties(catalog, table, { owner: 'ingestion', 'write.target-file-size-bytes': '1024' });
    expect(set.metadataLocation).not.toBe(before.metadataLocation);
    expect(set.metadata.properties).toMatchObject({ owner: 'ingestion', 'write.target-file-size-bytes': '1024' });
    expect(set.metadata['metadata-log']?.map((e) => e['metadata-file'])).toEqual([before.metadataLocation]);
    const again = await setProperties(catalog, table, { owner: 'ingestion' });
    expect(again.metadataLocation).toBe(set.metadataLocation);
  });

  it('appends two commits with a linear history, carrying manifests forward', async () => {
    const ORDERS = await newOrdersTable('history');
    const { first, second } = await twoAppends(ORDERS);
    expect(first.result.status).toBe('committed');
    expect(second.result.status).toBe('committed');
    expect(second.dataFiles).toHaveLength(2); // one file per day partition
    process.stderr.write(
      `[iceberg] commit latency: first ${first.commitMs.toFixed(0)} ms, second ${second.commitMs.toFixed(0)} ms\n`,
    );

    const table = await catalog.loadTable(ORDERS);
    const meta = table.metadata;
    expect(table.metadataLocation).toMatch(/\/00002-[0-9a-f-]{36}\.metadata\.json$/);
    const history = [...ancestry(meta)];
    expect(history.map((s) => s['snapshot-id'])).toEqual([second.result.snapshotId, first.result.snapshotId]);
    expect(history[0]?.['parent-snapshot-id']).toBe(first.result.snapshotId);
    expect(history[1]?.['parent-snapshot-id']).toBeUndefined();
    expect(history.map((s) => s['sequence-number'])).toEqual([2, 1]);
    expect(meta['last-sequence-number']).toBe(2);
    expect(meta.refs?.main?.['snapshot-id']).toBe(second.result.snapshotId);
    expect(meta['metadata-log']).toHaveLength(2);
    expect(meta['snapshot-log']).toHaveLength(2);
    expect(history[0]?.summary).toMatchObject({
      operation: 'append',
      'added-records': '30',
      'added-data-files': '2',
      'total-records': '70',
      'total-data-files': '3',
      'changed-partition-count': '2',
      'ingest.watermark': 'wm-run-2',
      'ingest.run-id': 'run-2',
    });

    const manifests = decodeManifestList(await io.get(history[0]?.['manifest-list'] as string));
    expect(manifests).toHaveLength(2);
    expect(manifests.map((m) => m.sequenceNumber)).toEqual([2n, 1n]);
    expect(manifests.map((m) => m.addedSnapshotId)).toEqual([second.result.snapshotId, first.result.snapshotId]);
    expect(manifests.map((m) => m.addedRowsCount)).toEqual([30n, 40n]);
    const entries = decodeManifest(
      await io.get(manifests[0]?.manifestPath as string),
      currentSchema(meta),
      defaultSpec(meta),
    );
    expect(entries.map((e) => e.dataFile.recordCount).sort()).toEqual([10, 20]);
    for (const entry of entries) expect(await io.head(entry.dataFile.filePath)).toBe(entry.dataFile.fileSizeInBytes);
  });

  it('skips a commit whose run id is already in the history', async () => {
    const ORDERS = await newOrdersTable('idempotent');
    await twoAppends(ORDERS);
    const before = await catalog.loadTable(ORDERS);
    const again = await fastAppend(catalog, {
      table: ORDERS,
      dataFiles: [],
      idempotencyKey: { key: 'ingest.run-id', value: 'run-1' },
    });
    expect(again).toMatchObject({ status: 'already-committed', attempts: 0 });
    expect((await catalog.loadTable(ORDERS)).metadataLocation).toBe(before.metadataLocation);
  });

  it('resolves a compare-and-swap conflict between two appenders by retrying on the new parent', async () => {
    const table = await newOrdersTable('cas', { 'commit.retry.min-wait-ms': '20' });
    const metadata = (await catalog.loadTable(table)).metadata;
    const filesA = await writeDataFiles({ io, metadata, rows: orderRows(1, 5, '2024-05-01') });
    const filesB = await writeDataFiles({ io, metadata, rows: orderRows(101, 7, '2024-05-01') });

    // Both prepare against the same (empty) parent, then both try to swap the pointer.
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothPrepared = new Promise<void>((resolve) => {
      release = resolve;
    });
    const barrier = async (attempt: number) => {
      if (attempt !== 1) return;
      arrived++;
      if (arrived === 2) release();
      await bothPrepared;
    };
    const [a, b] = await Promise.all([
      fastAppend(catalog, { table, dataFiles: filesA }, { beforeCommit: barrier }),
      fastAppend(catalog, { table, dataFiles: filesB }, { beforeCommit: barrier }),
    ]);
    expect([a.status, b.status]).toEqual(['committed', 'committed']);
    expect([a.attempts, b.attempts].sort()).toEqual([1, 2]);

    const meta = (await catalog.loadTable(table)).metadata;
    const history = [...ancestry(meta)];
    expect(history).toHaveLength(2);
    expect(meta.snapshots).toHaveLength(2);
    const [last, firstCommitted] = history;
    expect(last?.['parent-snapshot-id']).toBe(firstCommitted?.['snapshot-id']);
    expect(last?.summary['total-records']).toBe('12');
    const manifests = decodeManifestList(await io.get(last?.['manifest-list'] as string));
    expect(manifests.map((m) => m.addedSnapshotId).sort()).toEqual([a.snapshotId, b.snapshotId].sort());
    expect(manifests.map((m) => m.sequenceNumber)).toEqual([2n, 1n]);
  });

  it("gives up after the retries the table's commit.retry.num-retries allows", async () => {
    const table = await newOrdersTable('no_retry', { 'commit.retry.num-retries': '0' });
    const metadata = (await catalog.loadTable(table)).metadata;
    const files = await Promise.all([1, 101].map((id) => writeDataFiles({ io, metadata, rows: orderRows(id, 3) })));
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothPrepared = new Promise<void>((resolve) => {
      release = resolve;
    });
    const barrier = async () => {
      if (++arrived === 2) release();
      await bothPrepared;
    };
    const outcomes = await Promise.allSettled(
      files.map((dataFiles) => fastAppend(catalog, { table, dataFiles }, { beforeCommit: barrier })),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(CommitFailedError);
    expect((lost.reason as Error).message).toMatch(/gave up after 1 attempts$/);
    expect((await catalog.loadTable(table)).metadata.snapshots).toHaveLength(1);
  });

  it('is read back value for value by PyIceberg (SqlCatalog + S3)', async () => {
    const ORDERS = await newOrdersTable('pyiceberg');
    await twoAppends(ORDERS);
    const read = await readTableWithPyIceberg(process.env, `${ORDERS.namespace}.${ORDERS.name}`);
    expect(read.format_version).toBe(2);
    expect(read.snapshots).toHaveLength(2);
    expect(read.snapshots[1]?.parent_snapshot_id).toBe(read.snapshots[0]?.snapshot_id);
    expect(read.snapshots[1]?.summary?.['ingest.run-id']).toBe('run-2');
    expect(read.snapshots[1]?.manifests).toHaveLength(2);

    const written = [...batch1, ...batch2];
    const rows = [...read.rows].sort((x, y) => Number(x.order_id) - Number(y.order_id));
    expect(rows).toHaveLength(written.length);
    rows.forEach((row, i) => {
      const w = written[i] as (typeof written)[number];
      expect(row.order_id).toBe(Number(w.order_id));
      expect(row.is_paid).toBe(w.is_paid);
      expect(row.quantity).toBe(w.quantity);
      expect(row.total_amount).toBe(w.total_amount);
      expect(row.order_date).toBe(w.order_date);
      expect(parseTimestampMicros(row.created_at as string, true)).toBe(parseTimestampMicros(w.created_at, true));
      expect(row.city).toBe(w.city);
    });
    expect(rows.some((r) => r.city === 'Thành phố Hồ Chí Minh')).toBe(true);
    expect(rows.some((r) => r.total_amount === null)).toBe(true);
  });
});
