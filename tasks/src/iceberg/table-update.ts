import type { PartitionSpec } from './partition-spec.js';
import type { Schema } from './schema.js';
import type { Snapshot, SnapshotRef, SortOrder } from './table-metadata.js';

/**
 * One change to a table's metadata, named as the REST catalog spec names them (`action`). An
 * action (fast append, update schema, ...) describes what it does as a list of these; the catalog
 * applies them to the metadata it holds (table-metadata-builder.ts), so every writer's change goes
 * through the same checks.
 */
export type TableUpdate =
  | { action: 'assign-uuid'; uuid: string }
  /** `last-column-id` is the highest field id assigned so far, when the schema does not say it. */
  | { action: 'add-schema'; schema: Schema; 'last-column-id'?: number }
  /** -1: the schema added last in this change. */
  | { action: 'set-current-schema'; 'schema-id': number }
  | { action: 'add-spec'; spec: PartitionSpec }
  /** -1: the spec added last in this change. */
  | { action: 'set-default-spec'; 'spec-id': number }
  | { action: 'add-sort-order'; 'sort-order': SortOrder }
  /** -1: the sort order added last in this change. */
  | { action: 'set-default-sort-order'; 'sort-order-id': number }
  | { action: 'set-location'; location: string }
  | { action: 'set-properties'; updates: Record<string, string> }
  | { action: 'add-snapshot'; snapshot: Snapshot }
  | { action: 'set-snapshot-ref'; 'ref-name': string; type: SnapshotRef['type']; 'snapshot-id': bigint };

/**
 * A condition on the table's current metadata under which a change may apply (the REST spec's
 * requirement `type`s). The catalog checks them against what is current at the moment of the
 * compare-and-swap: a change planned on a table that has moved on is refused, not merged.
 */
export type TableRequirement =
  /** The table must not exist yet. */
  | { type: 'assert-create' }
  | { type: 'assert-table-uuid'; uuid: string }
  /** The ref points at this snapshot, or (null) does not exist. */
  | { type: 'assert-ref-snapshot-id'; ref: string; 'snapshot-id': bigint | null }
  | { type: 'assert-current-schema-id'; 'current-schema-id': number }
  | { type: 'assert-last-assigned-field-id'; 'last-assigned-field-id': number }
  | { type: 'assert-default-spec-id'; 'default-spec-id': number };
