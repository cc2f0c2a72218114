import { randomBytes } from 'node:crypto';
import type { DataFile } from './data-file.js';
import { partitionKey } from './partition-spec.js';
import type { SnapshotSummary } from './table-metadata.js';

/** A random positive 63-bit id, as Java makes them; never 0 and never colliding with `taken`. */
export function newSnapshotId(taken: Iterable<bigint> = []): bigint {
  const used = new Set(taken);
  for (;;) {
    const id = randomBytes(8).readBigUInt64BE() & 0x7fff_ffff_ffff_ffffn;
    if (id !== 0n && !used.has(id)) return id;
  }
}

const TOTALS = [
  'total-records',
  'total-files-size',
  'total-data-files',
  'total-delete-files',
  'total-position-deletes',
  'total-equality-deletes',
] as const;

const RESERVED = new Set<string>([
  'operation',
  'added-data-files',
  'added-records',
  'added-files-size',
  'changed-partition-count',
  ...TOTALS,
]);

/**
 * The Appendix F summary of an append. Totals continue the parent's; a parent summary without a
 * total (some writers skip them) leaves that total out rather than guessing, as Java does.
 */
export function appendSummary(
  added: DataFile[],
  parent: SnapshotSummary | undefined,
  extra: Record<string, string> = {},
): SnapshotSummary {
  for (const key of Object.keys(extra)) {
    if (RESERVED.has(key)) throw new Error(`Snapshot summary key "${key}" is computed by the commit`);
  }
  const addedRecords = added.reduce((n, f) => n + BigInt(f.recordCount), 0n);
  const addedSize = added.reduce((n, f) => n + BigInt(f.fileSizeInBytes), 0n);
  const partitions = new Set(added.map((f) => partitionKey(f.partition)));
  const increments: Record<(typeof TOTALS)[number], bigint> = {
    'total-records': addedRecords,
    'total-files-size': addedSize,
    'total-data-files': BigInt(added.length),
    'total-delete-files': 0n,
    'total-position-deletes': 0n,
    'total-equality-deletes': 0n,
  };
  const summary: SnapshotSummary = { ...extra, operation: 'append' };
  if (added.length > 0) {
    summary['added-data-files'] = String(added.length);
    summary['added-records'] = String(addedRecords);
    summary['added-files-size'] = String(addedSize);
  }
  summary['changed-partition-count'] = String(partitions.size);
  for (const key of TOTALS) {
    const before = parent === undefined ? '0' : parent[key];
    if (before !== undefined && /^\d+$/.test(before)) summary[key] = String(BigInt(before) + increments[key]);
  }
  return summary;
}
