import { randomUUID } from 'node:crypto';
import type { Catalog, TableIdentifier } from '../catalog/catalog.js';
import type { DataFile } from '../data-file.js';
import { NoSuchTableError, ValidationError } from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import { type WrittenManifest, writeManifest } from '../manifest.js';
import { addedManifestFile, decodeManifestList, encodeManifestList, type ManifestFile } from '../manifest-list.js';
import { partitionType } from '../partition-spec.js';
import { appendSummary, newSnapshotId } from '../snapshot.js';
import {
  ancestry,
  currentSchema,
  currentSnapshot,
  findSnapshotBySummary,
  type Snapshot,
  type SnapshotSummary,
  snapshotById,
  type TableMetadata,
} from '../table-metadata.js';
import type { TableUpdate } from '../table-update.js';
import type { ActionBase, ActionCommit, TableAction } from './action.js';
import { commitTransaction, type TransactionHooks } from './transaction.js';

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
  /**
   * A manifest already written for these data files (by the `load` step), with the snapshot id
   * chosen for it.
   */
  prepared?: PreparedManifest;
  /** Table properties set in the same metadata commit as the snapshot (atomically with it). */
  properties?: Record<string, string>;
  /**
   * Checked against every base the append is planned on (the first and each one re-read after a
   * lost compare-and-swap); throwing aborts the commit. Ingestion uses it to refuse a run whose
   * starting state another run has committed past.
   */
  validate?: (base: TableMetadata) => void;
}

export interface PreparedManifest extends WrittenManifest {
  snapshotId: bigint;
}

export interface FastAppendResult {
  status: 'committed' | 'already-committed';
  snapshotId: bigint;
  sequenceNumber: number;
  metadataLocation: string;
  /** Commits sent to the catalog (0 when the run id was already in the table). */
  attempts: number;
}

const NOTHING: ActionCommit = { updates: [], requirements: [] };

/**
 * Iceberg's fast append: one new manifest for the new files, and a manifest list holding it plus
 * every manifest of the parent, without rewriting any of them. The data files and the manifest are
 * written once and the snapshot id is chosen once; each plan (one per attempt) rebuilds only the
 * manifest list and the snapshot, whose parent and sequence number depend on what is current.
 */
export class FastAppendAction implements TableAction {
  private snapshotId: bigint | undefined;
  private manifest: WrittenManifest | undefined;
  private manifestList: string | undefined;
  private readonly parentLists = new Map<string, ManifestFile[]>();
  /** The table already holds this append: committed by this action (an unknown outcome that landed) or by another writer. */
  found: { snapshot: Snapshot; byThisAction: boolean } | undefined;

  constructor(
    private readonly io: FileIO,
    private readonly options: FastAppendOptions,
  ) {}

  get appendedSnapshotId(): bigint | undefined {
    return this.found?.snapshot['snapshot-id'] ?? this.snapshotId;
  }

  async plan({ metadata, attempt }: ActionBase): Promise<ActionCommit> {
    const { table, dataFiles, idempotencyKey: key } = this.options;
    if (!metadata) throw new NoSuchTableError(`Table ${table.namespace}.${table.name} does not exist`);
    if (metadata['format-version'] !== 2) {
      throw new ValidationError(
        `${table.namespace}.${table.name} is format v${metadata['format-version']}; this writer appends to v2 tables only`,
      );
    }
    const own = this.snapshotId === undefined ? undefined : find(metadata, (s) => s['snapshot-id'] === this.snapshotId);
    if (own) {
      this.found = { snapshot: own, byThisAction: true };
      return NOTHING;
    }
    const other = key ? findSnapshotBySummary(metadata, key.key, key.value) : undefined;
    if (other) {
      this.found = { snapshot: other, byThisAction: false };
      // A prepared manifest belongs to its run id, which the other writer may have committed: keep it.
      if (this.manifest && !this.options.prepared)
        await this.io.delete(this.manifest.manifestPath).catch(() => undefined);
      return NOTHING;
    }
    this.options.validate?.(metadata);
    this.snapshotId ??=
      this.options.prepared?.snapshotId ?? newSnapshotId((metadata.snapshots ?? []).map((s) => s['snapshot-id']));
    const snapshotId = this.snapshotId;
    if (dataFiles.length > 0) {
      this.manifest ??= this.options.prepared ?? (await writeManifest(this.io, metadata, snapshotId, dataFiles));
    }
    const parent = currentSnapshot(metadata);
    const sequenceNumber = metadata['last-sequence-number'] + 1;
    const manifests = [
      ...(this.manifest ? [this.addedManifest(metadata, this.manifest, snapshotId, sequenceNumber)] : []),
      ...(parent ? await this.parentManifests(parent['manifest-list']) : []),
    ];
    this.manifestList = `${metadata.location}/metadata/snap-${snapshotId}-${attempt}-${randomUUID()}.avro`;
    await this.io.put(
      this.manifestList,
      encodeManifestList({
        snapshotId,
        parentSnapshotId: parent?.['snapshot-id'] ?? null,
        sequenceNumber: BigInt(sequenceNumber),
        manifests,
      }),
    );
    const extra = { ...this.options.summary, ...(key ? { [key.key]: key.value } : {}) };
    const snapshot: Snapshot = {
      'snapshot-id': snapshotId,
      ...(parent ? { 'parent-snapshot-id': parent['snapshot-id'] } : {}),
      'sequence-number': sequenceNumber,
      // Never before what the table holds already: readers expect its logs in time order.
      'timestamp-ms': Math.max(
        Date.now(),
        metadata['last-updated-ms'],
        metadata['snapshot-log']?.at(-1)?.['timestamp-ms'] ?? 0,
      ),
      'manifest-list': this.manifestList,
      summary: appendSummary(dataFiles, parent?.summary as SnapshotSummary | undefined, extra),
      'schema-id': metadata['current-schema-id'],
    };
    const updates: TableUpdate[] = [
      { action: 'add-snapshot', snapshot },
      { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': snapshotId },
    ];
    if (this.options.properties) updates.push({ action: 'set-properties', updates: this.options.properties });
    return {
      updates,
      requirements: [
        { type: 'assert-table-uuid', uuid: metadata['table-uuid'] },
        { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': parent?.['snapshot-id'] ?? null },
      ],
    };
  }

  async abandon(): Promise<void> {
    if (this.manifestList) await this.io.delete(this.manifestList).catch(() => undefined);
    this.manifestList = undefined;
  }

  private addedManifest(
    metadata: TableMetadata,
    manifest: WrittenManifest,
    snapshotId: bigint,
    sequenceNumber: number,
  ) {
    const spec = metadata['partition-specs'].find((s) => s['spec-id'] === manifest.specId);
    if (!spec) throw new ValidationError(`Partition spec ${manifest.specId} of the new manifest is not in the table`);
    return addedManifestFile({
      ...manifest,
      partition: partitionType(spec, currentSchema(metadata)),
      snapshotId,
      sequenceNumber: BigInt(sequenceNumber),
      files: this.options.dataFiles,
    });
  }

  private async parentManifests(location: string): Promise<ManifestFile[]> {
    let manifests = this.parentLists.get(location);
    if (!manifests) {
      manifests = decodeManifestList(await this.io.get(location));
      this.parentLists.set(location, manifests);
    }
    return manifests;
  }
}

function find(metadata: TableMetadata, test: (snapshot: Snapshot) => boolean): Snapshot | undefined {
  for (const snapshot of ancestry(metadata)) if (test(snapshot)) return snapshot;
  return undefined;
}

/** Appends the data files as one snapshot on main, through the commit loop. */
export async function fastAppend(
  catalog: Catalog,
  options: FastAppendOptions,
  hooks: TransactionHooks = {},
): Promise<FastAppendResult> {
  const action = new FastAppendAction(catalog.io, options);
  const result = await commitTransaction(catalog, options.table, [action], hooks);
  const table = result.table as NonNullable<typeof result.table>;
  const snapshot = snapshotById(table.metadata, action.appendedSnapshotId as bigint) as Snapshot;
  return {
    status: action.found && !action.found.byThisAction ? 'already-committed' : 'committed',
    snapshotId: snapshot['snapshot-id'],
    sequenceNumber: snapshot['sequence-number'],
    metadataLocation: table.metadataLocation,
    attempts: result.attempts,
  };
}
