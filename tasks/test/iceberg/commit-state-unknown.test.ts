import { loadSettings } from '@platform/config';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import type { TableIdentifier } from '../../src/iceberg/catalog/catalog.js';
import { JdbcCatalog } from '../../src/iceberg/catalog/jdbc-catalog.js';
import { CommitStateUnknownError } from '../../src/iceberg/errors.js';
import { writeDataFiles } from '../../src/iceberg/parquet/data-file-writer.js';
import { ancestry, currentSnapshot } from '../../src/iceberg/table-metadata.js';
import { createTable } from '../../src/iceberg/transaction/create-table.js';
import { fastAppend } from '../../src/iceberg/transaction/fast-append.js';
import { catalogSettings, lakeFileIO } from '../../src/lake/platform-catalog.js';
import { readTableWithPyIceberg } from '../support/lake-readers.js';
import { type CutMode, TcpRelay } from '../support/tcp-relay.js';
import { ORDERS_SCHEMA, ORDERS_SPEC, orderRows } from './fixtures.js';

/**
 * A commit whose connection drops while the catalog switches the table: the writer cannot know
 * whether the UPDATE ran. A TCP relay in front of the real PostgreSQL cuts that connection either
 * before the UPDATE reaches the server or after the server committed it.
 */

const settings = loadSettings();
const io = lakeFileIO(settings);
const direct = JdbcCatalog.connect(catalogSettings(settings), io);
const suffix = `${Date.now().toString(36)}_${process.pid}`;
const SWAP = 'UPDATE iceberg_tables SET metadata_location';

afterAll(async () => {
  await direct.close();
  io.destroy();
});

/** A catalog whose connections all go through a relay that the test can cut. */
async function relayedCatalog(): Promise<{ catalog: JdbcCatalog; relay: TcpRelay }> {
  const relay = await TcpRelay.start(settings.postgres);
  const base = catalogSettings(settings);
  const catalog = JdbcCatalog.connect({ ...base, login: { ...base.login, host: '127.0.0.1', port: relay.port } }, io);
  onTestFinished(async () => {
    await catalog.close();
    await relay.close();
  });
  return { catalog, relay };
}

async function newTable(name: string): Promise<TableIdentifier> {
  const id = { namespace: 'raw', name: `${name}_${suffix}` };
  await direct.createNamespace('raw');
  await createTable(direct, id, { schema: ORDERS_SCHEMA, spec: ORDERS_SPEC });
  return id;
}

const outcomes: [CutMode, boolean][] = [
  ['before-send', false],
  ['after-reply', true],
];

describe('a commit with an unknown outcome', () => {
  for (const [mode, landed] of outcomes) {
    it(`is reported as unknown, and the metadata file kept, when the UPDATE ${landed ? 'ran' : 'never ran'}`, async () => {
      const id = await newTable(`unknown_${landed ? 'ran' : 'lost'}`);
      const { catalog, relay } = await relayedCatalog();
      const before = await direct.loadTable(id);
      relay.cutNext(SWAP, mode);
      const commit = catalog.commitTable({
        identifier: id,
        requirements: [{ type: 'assert-table-uuid', uuid: before.metadata['table-uuid'] }],
        updates: [{ action: 'set-properties', updates: { 'test.marker': mode } }],
      });
      const error = await commit.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CommitStateUnknownError);
      expect(relay.cuts).toBe(1);
      const written = /to (s3:\/\/\S+) has an unknown outcome/.exec((error as Error).message)?.[1] as string;
      // Never deleted: the catalog may point at it.
      expect(await io.exists(written)).toBe(true);
      const after = await direct.loadTable(id);
      expect(after.metadataLocation).toBe(landed ? written : before.metadataLocation);
      expect(after.metadata.properties?.['test.marker']).toBe(landed ? mode : undefined);
    });

    it(`is resolved by the retry, with one snapshot and every row, when the UPDATE ${landed ? 'ran' : 'never ran'}`, async () => {
      const id = await newTable(`retry_${landed ? 'ran' : 'lost'}`);
      const { catalog, relay } = await relayedCatalog();
      const rows = orderRows(1, 25, '2024-05-01');
      const dataFiles = await writeDataFiles({ io, metadata: (await direct.loadTable(id)).metadata, rows });
      const waits: number[] = [];
      relay.cutNext(SWAP, mode);
      const result = await fastAppend(
        catalog,
        { table: id, dataFiles, idempotencyKey: { key: 'test.run-id', value: 'r1' } },
        { wait: async (ms) => void waits.push(ms) },
      );
      expect(relay.cuts).toBe(1);
      expect(waits).toHaveLength(1); // one retry after the unknown outcome
      // Landed: the reload finds the snapshot, nothing is sent again. Lost: it is committed anew.
      expect(result).toMatchObject({ status: 'committed', attempts: landed ? 1 : 2 });
      const { metadata } = await direct.loadTable(id);
      expect(metadata.snapshots?.map((s) => s['snapshot-id'])).toEqual([result.snapshotId]);
      expect([...ancestry(metadata)]).toHaveLength(1);
      expect(currentSnapshot(metadata)?.summary).toMatchObject({ 'total-records': '25', 'test.run-id': 'r1' });
      const read = await readTableWithPyIceberg(process.env, `${id.namespace}.${id.name}`);
      expect(read.rows.map((r) => Number(r.order_id)).sort((a, b) => a - b)).toEqual(
        rows.map((r) => Number(r.order_id)),
      );
    }, 120_000);
  }
});
