import { CommitFailedError } from './errors.js';
import type { TableMetadata } from './table-metadata.js';
import type { TableRequirement } from './table-update.js';

function refSnapshotId(metadata: TableMetadata, ref: string): bigint | null {
  const id = metadata.refs?.[ref]?.['snapshot-id'];
  if (id !== undefined) return id;
  // v2 tables written before refs existed keep main only as current-snapshot-id (-1: none).
  const current = metadata['current-snapshot-id'];
  return ref === 'main' && current !== undefined && current !== null && current !== -1n ? current : null;
}

function violation(requirement: TableRequirement, metadata: TableMetadata | undefined): string | undefined {
  if (requirement.type === 'assert-create') return metadata ? 'the table exists already' : undefined;
  if (!metadata) return 'the table does not exist';
  switch (requirement.type) {
    case 'assert-table-uuid':
      return metadata['table-uuid'] === requirement.uuid
        ? undefined
        : `table uuid is ${metadata['table-uuid']}, not ${requirement.uuid} (the table was replaced)`;
    case 'assert-ref-snapshot-id': {
      const actual = refSnapshotId(metadata, requirement.ref);
      return actual === requirement['snapshot-id']
        ? undefined
        : `branch ${requirement.ref} is at ${actual ?? 'no snapshot'}, not ${requirement['snapshot-id'] ?? 'no snapshot'}`;
    }
    case 'assert-current-schema-id':
      return metadata['current-schema-id'] === requirement['current-schema-id']
        ? undefined
        : `current schema is ${metadata['current-schema-id']}, not ${requirement['current-schema-id']}`;
    case 'assert-last-assigned-field-id':
      return metadata['last-column-id'] === requirement['last-assigned-field-id']
        ? undefined
        : `last assigned field id is ${metadata['last-column-id']}, not ${requirement['last-assigned-field-id']}`;
    case 'assert-default-spec-id':
      return metadata['default-spec-id'] === requirement['default-spec-id']
        ? undefined
        : `default partition spec is ${metadata['default-spec-id']}, not ${requirement['default-spec-id']}`;
  }
}

/**
 * Throws CommitFailedError when a requirement does not hold on `metadata` (undefined: no table):
 * the change was planned on a state that is no longer current, so it is rebuilt, never forced.
 */
export function checkRequirements(requirements: TableRequirement[], metadata: TableMetadata | undefined): void {
  for (const requirement of requirements) {
    const problem = violation(requirement, metadata);
    if (problem) throw new CommitFailedError(`Requirement ${requirement.type} failed: ${problem}`);
  }
}
