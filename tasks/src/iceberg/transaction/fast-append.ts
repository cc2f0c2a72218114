import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CommitFailedError,
  type JdbcCatalog,
  type LoadedTable,
  type TableIdentifier,
} from '../catalog/jdbc-catalog.js';
import type { DataFile } from '../data-file.js';
import type { FileIO } from '../io/s3-file-io.js';
import { addedEntries, encodeManifest } from '../manifest.js';
import { addedManifestFile, decodeManifestList, encodeManifestList, type ManifestFile } from '../manifest-list.js';
import { partitionType } from '../partition-spec.js';
import { appendSummary, newSnapshotId } from '../snapshot.js';
import {
  currentSchema,
  currentSnapshot,
  defaultSpec,
  findSnapshotBySummary,
  type Snapshot,
  type SnapshotSummary,
  type TableMetadata,
} from '../table-metadata.js';

export interface FastAppendOptions {
  table: TableIdentifier;
  dataFiles: DataFile[];
  /** Extra summary properties, e.g. the ingestion watermark and run id. */
  summary?: Record<string, string>;
  /**
   * Idempotency: a summary property unique to this logical commit (the run id). Stamped into the
   * summary; if the current branch already has a snapshot carrying it, nothing is committed again.
   */
  idempotencyKey?: { key: string; value: string };
  maxAttempts?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * A manifest already written for these data files (by the `load` step, entries without snapshot
   * ids, which v2 readers inherit from the manifest list), with the snapshot id chosen for it.
   */
  prepared?: PreparedManifest;
  /** Table properties set in the same metadata commit as the snapshot (atomically with it). */
  properties?: Record<string, string>;
  /**
   * Checked against every base the append is built on (the first and each one re-read after a lost
   * compare-and-swap); throwing aborts the commit. Ingestion uses it to refuse a run whose starting
   * state another run has committed past.
   */
  validate?: (base: TableMetadata) => void;
  /** Test hook: runs after the snapshot is prepared against a base and before its CAS. */
  beforeCommit?: (attempt: number) => Promise<void>;
}

export interface PreparedManifest {
  snapshotId: bigint;
  manifestPath: string;
  manifestLength: number;
  specId: number;
}

export interface FastAppendResult {
  status: 'committed' | 'already-committed';
  snapshotId: bigint;
  sequenceNumber: number;
  metadataLocation: string;
  attempts: number;
}

/** New metadata with `snapshot` on main; everything else of `base` (unknown keys too) is kept. */
export function appendSnapshot(base: TableMetadata, baseLocation: string, snapshot: Snapshot): TableMetadata {
  const previousMax = Number(base.properties?.['write.metadata.previous-versions-max'] ?? 100);
  const metadataLog = [
    ...(base['metadata-log'] ?? []),
    { 'timestamp-ms': base['last-updated-ms'], 'metadata-file': baseLocation },
  ].slice(-Math.max(1, previousMax));
  return {
    ...base,
    'last-sequence-number': snapshot['sequence-number'],
    'last-updated-ms': snapshot['timestamp-ms'],
    'current-snapshot-id': snapshot['snapshot-id'],
    snapshots: [...(base.snapshots ?? []), snapshot],
    'snapshot-log': [
      ...(base['snapshot-log'] ?? []),
      { 'timestamp-ms': snapshot['timestamp-ms'], 'snapshot-id': snapshot['snapshot-id'] },
    ],
    'metadata-log': metadataLog,
    refs: { ...base.refs, main: { ...base.refs?.main, 'snapshot-id': snapshot['snapshot-id'], type: 'branch' } },
  };
}

/** Full jitter: concurrent appenders that collided once should not collide again in lockstep. */
export function backoffMs(attempt: number, minMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** (attempt - 1));
  return Math.round(minMs + random() * (ceiling - minMs));
}

/**
 * Iceberg's fast append: one new manifest for the new files, and a manifest list holding it plus
 * every manifest of the parent, without rewriting any of them. The data files and the manifest are
 * written once; each retry after a lost compare-and-swap re-reads the table and rebuilds only the
 * manifest list and metadata, whose parent and sequence number changed.
 */
export async function fastAppend(catalog: JdbcCatalog, options: FastAppendOptions): Promise<FastAppendResult> {
  const io = catalog.io;
  const maxAttempts = options.maxAttempts ?? 8;
  const extra = { ...options.summary };
  if (options.idempotencyKey) extra[options.idempotencyKey.key] = options.idempotencyKey.value;

  let table = await catalog.loadTable(options.table);
  if (table.metadata['format-version'] !== 2) {
    throw new Error(
      `${options.table.namespace}.${options.table.name} is format v${table.metadata['format-version']}; this writer appends to v2 tables only`,
    );
  }
  const done = alreadyCommitted(table, options.idempotencyKey);
  if (done) return done;

  const snapshotId =
    options.prepared?.snapshotId ?? newSnapshotId((table.metadata.snapshots ?? []).map((s) => s['snapshot-id']));
  const newManifest =
    options.dataFiles.length === 0
      ? null
      : options.prepared
        ? preparedManifest(table, options.prepared)
        : await writeManifest(io, table, snapshotId, options.dataFiles);
  const parentLists = new Map<string, ManifestFile[]>();

  for (let attempt = 1; ; attempt++) {
    const base = table.metadata;
    options.validate?.(base);
    const parent = currentSnapshot(base);
    const sequenceNumber = base['last-sequence-number'] + 1;
    const parentManifests = parent ? await readManifestList(io, parent['manifest-list'], parentLists) : [];
    const manifests: ManifestFile[] = [
      ...(newManifest
        ? [
            addedManifestFile({
              ...newManifest,
              snapshotId,
              sequenceNumber: BigInt(sequenceNumber),
              files: options.dataFiles,
            }),
          ]
        : []),
      ...parentManifests,
    ];
    const manifestListLocation = `${base.location}/metadata/snap-${snapshotId}-${attempt}-${randomUUID()}.avro`;
    await io.put(
      manifestListLocation,
      encodeManifestList({
        snapshotId,
        parentSnapshotId: parent?.['snapshot-id'] ?? null,
        sequenceNumber: BigInt(sequenceNumber),
        manifests,
      }),
    );
    const snapshot: Snapshot = {
      'snapshot-id': snapshotId,
      ...(parent ? { 'parent-snapshot-id': parent['snapshot-id'] } : {}),
      'sequence-number': sequenceNumber,
      // Never before the parent's metadata: readers expect the snapshot log in time order.
      'timestamp-ms': Math.max(Date.now(), base['last-updated-ms']),
      'manifest-list': manifestListLocation,
      summary: appendSummary(options.dataFiles, parent?.summary as SnapshotSummary | undefined, extra),
      'schema-id': base['current-schema-id'],
    };
    await options.beforeCommit?.(attempt);
    try {
      const next = appendSnapshot(base, table.metadataLocation, snapshot);
      if (options.properties) next.properties = { ...base.properties, ...options.properties };
      const committed = await catalog.commitTable(table, next);
      return {
        status: 'committed',
        snapshotId,
        sequenceNumber,
        metadataLocation: committed.metadataLocation,
        attempts: attempt,
      };
    } catch (error) {
      if (!(error instanceof CommitFailedError)) throw error;
      await io.delete(manifestListLocation).catch(() => undefined);
      if (attempt >= maxAttempts) {
        throw new CommitFailedError(`${error.message}; gave up after ${attempt} attempts`);
      }
      await sleep(backoffMs(attempt, options.minBackoffMs ?? 100, options.maxBackoffMs ?? 5_000));
      table = await catalog.loadTable(options.table);
      const raced = alreadyCommitted(table, options.idempotencyKey);
      if (raced) {
        // A prepared manifest belongs to its run id, which the winner may have committed: keep it.
        if (newManifest && !options.prepared) await io.delete(newManifest.manifestPath).catch(() => undefined);
        return { ...raced, attempts: attempt };
      }
      if (newManifest && !table.metadata['partition-specs'].some((s) => s['spec-id'] === newManifest.specId)) {
        throw new Error(`Partition spec ${newManifest.specId} was removed while committing`);
      }
    }
  }
}

function alreadyCommitted(table: LoadedTable, key: FastAppendOptions['idempotencyKey']): FastAppendResult | undefined {
  if (!key) return undefined;
  const snap = findSnapshotBySummary(table.metadata, key.key, key.value);
  if (!snap) return undefined;
  return {
    status: 'already-committed',
    snapshotId: snap['snapshot-id'],
    sequenceNumber: snap['sequence-number'],
    metadataLocation: table.metadataLocation,
    attempts: 0,
  };
}

function preparedManifest(table: LoadedTable, prepared: PreparedManifest) {
  const spec = table.metadata['partition-specs'].find((s) => s['spec-id'] === prepared.specId);
  if (!spec) throw new Error(`Partition spec ${prepared.specId} of the prepared manifest is not in the table`);
  return { ...prepared, partition: partitionType(spec, currentSchema(table.metadata)) };
}

async function writeManifest(io: FileIO, table: LoadedTable, snapshotId: bigint, files: DataFile[]) {
  const schema = currentSchema(table.metadata);
  const spec = defaultSpec(table.metadata);
  const bytes = encodeManifest({ schema, spec, entries: addedEntries(snapshotId, files) });
  const manifestPath = `${table.metadata.location}/metadata/${randomUUID()}-m0.avro`;
  await io.put(manifestPath, bytes);
  return {
    manifestPath,
    manifestLength: bytes.length,
    specId: spec['spec-id'],
    partition: partitionType(spec, schema),
  };
}

async function readManifestList(
  io: FileIO,
  location: string,
  cache: Map<string, ManifestFile[]>,
): Promise<ManifestFile[]> {
  let manifests = cache.get(location);
  if (!manifests) {
    manifests = decodeManifestList(await io.get(location));
    cache.set(location, manifests);
  }
  return manifests;
}
