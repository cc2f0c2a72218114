import { randomUUID } from 'node:crypto';
import { isLosslessNumber, LosslessNumber, parse, stringify } from 'lossless-json';
import type { PartitionSpec } from './partition-spec.js';
import type { Schema } from './schema.js';

export interface SnapshotSummary {
  operation: 'append' | 'replace' | 'overwrite' | 'delete';
  [key: string]: string;
}

export interface Snapshot {
  'snapshot-id': bigint;
  'parent-snapshot-id'?: bigint;
  'sequence-number': number;
  'timestamp-ms': number;
  'manifest-list': string;
  summary: SnapshotSummary;
  'schema-id'?: number;
  [key: string]: unknown;
}

export interface SnapshotRef {
  'snapshot-id': bigint;
  type: 'branch' | 'tag';
  [key: string]: unknown;
}

export interface SortOrder {
  'order-id': number;
  fields: unknown[];
}

/**
 * metadata.json (spec "Table Metadata Fields"), format v2. The index signature is deliberate:
 * fields this writer does not know (statistics, partition-statistics, future keys) ride along
 * untouched into the next version.
 */
export interface TableMetadata {
  'format-version': number;
  'table-uuid': string;
  location: string;
  'last-sequence-number': number;
  'last-updated-ms': number;
  'last-column-id': number;
  schemas: Schema[];
  'current-schema-id': number;
  'partition-specs': PartitionSpec[];
  'default-spec-id': number;
  'last-partition-id': number;
  properties?: Record<string, string>;
  'current-snapshot-id'?: bigint | null;
  snapshots?: Snapshot[];
  'snapshot-log'?: { 'timestamp-ms': number; 'snapshot-id': bigint }[];
  'metadata-log'?: { 'timestamp-ms': number; 'metadata-file': string }[];
  'sort-orders': SortOrder[];
  'default-sort-order-id': number;
  refs?: Record<string, SnapshotRef>;
  [key: string]: unknown;
}

/**
 * Integers that fit a double stay numbers, larger ones become bigint, and non-integers keep their
 * exact source text: nothing a Java writer put in the file changes on the way through.
 */
function parseNumber(text: string): number | bigint | LosslessNumber {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  return new LosslessNumber(text);
}

function asId(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (isLosslessNumber(value)) return BigInt(value.value);
  throw new Error(`Expected a snapshot id, got ${String(value)}`);
}

/** Snapshot ids are typed bigint everywhere, whether or not a given id happened to fit a double. */
function normalizeIds(meta: TableMetadata): void {
  if (meta['current-snapshot-id'] !== undefined && meta['current-snapshot-id'] !== null) {
    meta['current-snapshot-id'] = asId(meta['current-snapshot-id']);
  }
  for (const snap of meta.snapshots ?? []) {
    snap['snapshot-id'] = asId(snap['snapshot-id']);
    if (snap['parent-snapshot-id'] !== undefined && snap['parent-snapshot-id'] !== null) {
      snap['parent-snapshot-id'] = asId(snap['parent-snapshot-id']);
    }
  }
  for (const entry of meta['snapshot-log'] ?? []) entry['snapshot-id'] = asId(entry['snapshot-id']);
  for (const ref of Object.values(meta.refs ?? {})) ref['snapshot-id'] = asId(ref['snapshot-id']);
}

export function parseTableMetadata(text: string): TableMetadata {
  const meta = parse(text, null, parseNumber) as TableMetadata;
  if (typeof meta !== 'object' || meta === null || typeof meta['format-version'] !== 'number') {
    throw new Error('Not an Iceberg table metadata file');
  }
  normalizeIds(meta);
  return meta;
}

export function serializeTableMetadata(meta: TableMetadata): string {
  const text = stringify(meta);
  if (text === undefined) throw new Error('Table metadata did not serialize');
  return text;
}

export function currentSnapshot(meta: TableMetadata): Snapshot | undefined {
  const id = meta.refs?.main?.['snapshot-id'] ?? meta['current-snapshot-id'];
  if (id === undefined || id === null || id === -1n) return undefined;
  return snapshotById(meta, id);
}

export function snapshotById(meta: TableMetadata, id: bigint): Snapshot | undefined {
  return meta.snapshots?.find((s) => s['snapshot-id'] === id);
}

/** The current branch's snapshots, newest first, following parent ids until history runs out. */
export function* ancestry(meta: TableMetadata, from = currentSnapshot(meta)): Generator<Snapshot> {
  let snap = from;
  const seen = new Set<bigint>();
  while (snap && !seen.has(snap['snapshot-id'])) {
    seen.add(snap['snapshot-id']);
    yield snap;
    const parent = snap['parent-snapshot-id'];
    snap = parent === undefined || parent === null ? undefined : snapshotById(meta, parent);
  }
}

/**
 * The idempotency check: a commit that stamped `key=value` (say, its run id) into its summary is
 * already in the table's current history, even if its process died before hearing so.
 */
export function findSnapshotBySummary(meta: TableMetadata, key: string, value: string): Snapshot | undefined {
  for (const snap of ancestry(meta)) if (snap.summary[key] === value) return snap;
  return undefined;
}

export function currentSchema(meta: TableMetadata): Schema {
  const schema = meta.schemas.find((s) => s['schema-id'] === meta['current-schema-id']);
  if (!schema) throw new Error(`Table metadata has no schema ${meta['current-schema-id']}`);
  return schema;
}

export function defaultSpec(meta: TableMetadata): PartitionSpec {
  const spec = meta['partition-specs'].find((s) => s['spec-id'] === meta['default-spec-id']);
  if (!spec) throw new Error(`Table metadata has no partition spec ${meta['default-spec-id']}`);
  return spec;
}

/** `<location>/metadata/<NNNNN>-<uuid>.metadata.json`, numbered after the current file as Java does. */
export function metadataFileLocation(location: string, previous: string | null): string {
  let version = 0;
  if (previous) {
    const match = /\/(\d+)-[^/]*\.metadata\.json(\.gz)?$/.exec(previous);
    version = match ? Number(match[1]) + 1 : 1;
  }
  return `${location}/metadata/${String(version).padStart(5, '0')}-${randomUUID()}.metadata.json`;
}
