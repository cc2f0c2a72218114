import { randomUUID } from 'node:crypto';
import { ValidationError } from './errors.js';
import { highestPartitionFieldId, PARTITION_FIELD_ID_START, type PartitionSpec } from './partition-spec.js';
import { highestFieldId, type Schema, validateSchema } from './schema.js';
import { type Snapshot, snapshotById, type TableMetadata } from './table-metadata.js';
import type { TableUpdate } from './table-update.js';

/**
 * Applies TableUpdates to table metadata, with the spec's rules checked on every change (as
 * iceberg-rust's TableMetadataBuilder does): a writer that builds a wrong change gets a
 * ValidationError, never a metadata file other engines would refuse or misread.
 */

/** The ids added by the change so far, for the `-1` ("the one just added") references. */
interface Added {
  schemaId?: number;
  specId?: number;
  sortOrderId?: number;
  snapshot: boolean;
}

/** A table before its first update: what the updates of an `assert-create` change start from. */
function emptyMetadata(now: number): TableMetadata {
  return {
    'format-version': 2,
    'table-uuid': '',
    location: '',
    'last-sequence-number': 0,
    'last-updated-ms': now,
    'last-column-id': 0,
    schemas: [],
    'current-schema-id': -1,
    'partition-specs': [],
    'default-spec-id': -1,
    'last-partition-id': PARTITION_FIELD_ID_START - 1,
    properties: {},
    // v1/v2 readers (Java before v3 support) parse this as a long: -1 means "no snapshot", not null.
    'current-snapshot-id': -1n,
    snapshots: [],
    'snapshot-log': [],
    'metadata-log': [],
    'sort-orders': [],
    'default-sort-order-id': -1,
    refs: {},
  };
}

function lastAdded(id: number, added: number | undefined, what: string): number {
  if (id !== -1) return id;
  if (added === undefined) throw new ValidationError(`Cannot set the last added ${what}: none was added`);
  return added;
}

/** The spec's checks of a new snapshot (TableMetadataBuilder::add_snapshot). */
function checkNewSnapshot(meta: TableMetadata, snapshot: Snapshot): void {
  const id = snapshot['snapshot-id'];
  if (snapshotById(meta, id)) throw new ValidationError(`Snapshot ${id} already exists`);
  if (meta['format-version'] >= 2 && snapshot['sequence-number'] <= meta['last-sequence-number']) {
    throw new ValidationError(
      `Cannot add snapshot ${id} with sequence number ${snapshot['sequence-number']}: not above the last sequence number ${meta['last-sequence-number']}`,
    );
  }
  const last = meta['snapshot-log']?.at(-1);
  if (last && snapshot['timestamp-ms'] < last['timestamp-ms']) {
    throw new ValidationError(
      `Cannot add snapshot ${id} with timestamp ${snapshot['timestamp-ms']}: before the last snapshot's ${last['timestamp-ms']}`,
    );
  }
}

function applyOne(meta: TableMetadata, update: TableUpdate, added: Added): TableMetadata {
  switch (update.action) {
    case 'assign-uuid':
      if (meta['table-uuid'] && meta['table-uuid'] !== update.uuid) {
        throw new ValidationError(`Cannot change the uuid of table ${meta['table-uuid']}`);
      }
      return { ...meta, 'table-uuid': update.uuid };
    case 'add-schema': {
      validateSchema(update.schema);
      const id = update.schema['schema-id'];
      if (meta.schemas.some((s) => s['schema-id'] === id)) throw new ValidationError(`Schema ${id} already exists`);
      added.schemaId = id;
      return {
        ...meta,
        schemas: [...meta.schemas, update.schema],
        'last-column-id': Math.max(meta['last-column-id'], update['last-column-id'] ?? highestFieldId(update.schema)),
      };
    }
    case 'set-current-schema': {
      const id = lastAdded(update['schema-id'], added.schemaId, 'schema');
      if (!meta.schemas.some((s) => s['schema-id'] === id)) throw new ValidationError(`No schema ${id}`);
      return { ...meta, 'current-schema-id': id };
    }
    case 'add-spec': {
      const id = update.spec['spec-id'];
      if (meta['partition-specs'].some((s) => s['spec-id'] === id)) {
        throw new ValidationError(`Partition spec ${id} already exists`);
      }
      added.specId = id;
      return {
        ...meta,
        'partition-specs': [...meta['partition-specs'], update.spec],
        'last-partition-id': Math.max(meta['last-partition-id'], highestPartitionFieldId([update.spec])),
      };
    }
    case 'set-default-spec': {
      const id = lastAdded(update['spec-id'], added.specId, 'partition spec');
      if (!meta['partition-specs'].some((s: PartitionSpec) => s['spec-id'] === id)) {
        throw new ValidationError(`No partition spec ${id}`);
      }
      return { ...meta, 'default-spec-id': id };
    }
    case 'add-sort-order': {
      const id = update['sort-order']['order-id'];
      if (meta['sort-orders'].some((o) => o['order-id'] === id))
        throw new ValidationError(`Sort order ${id} already exists`);
      added.sortOrderId = id;
      return { ...meta, 'sort-orders': [...meta['sort-orders'], update['sort-order']] };
    }
    case 'set-default-sort-order': {
      const id = lastAdded(update['sort-order-id'], added.sortOrderId, 'sort order');
      if (!meta['sort-orders'].some((o) => o['order-id'] === id)) throw new ValidationError(`No sort order ${id}`);
      return { ...meta, 'default-sort-order-id': id };
    }
    case 'set-location':
      return { ...meta, location: update.location.replace(/\/+$/, '') };
    case 'set-properties':
      return { ...meta, properties: { ...meta.properties, ...update.updates } };
    case 'add-snapshot': {
      checkNewSnapshot(meta, update.snapshot);
      added.snapshot = true;
      return {
        ...meta,
        'last-sequence-number': update.snapshot['sequence-number'],
        'last-updated-ms': update.snapshot['timestamp-ms'],
        snapshots: [...(meta.snapshots ?? []), update.snapshot],
      };
    }
    case 'set-snapshot-ref': {
      const id = update['snapshot-id'];
      const snapshot = snapshotById(meta, id);
      if (!snapshot) throw new ValidationError(`Cannot point ${update['ref-name']} at unknown snapshot ${id}`);
      const refs = {
        ...meta.refs,
        [update['ref-name']]: { ...meta.refs?.[update['ref-name']], 'snapshot-id': id, type: update.type },
      };
      if (update['ref-name'] !== 'main') return { ...meta, refs };
      return {
        ...meta,
        'current-snapshot-id': id,
        refs,
        'snapshot-log': [
          ...(meta['snapshot-log'] ?? []),
          { 'timestamp-ms': snapshot['timestamp-ms'], 'snapshot-id': id },
        ],
      };
    }
  }
}

/** The metadata after `updates`, each checked; `base` itself is never modified. */
export function applyUpdates(base: TableMetadata, updates: TableUpdate[]): TableMetadata {
  const added: Added = { snapshot: false };
  return updates.reduce((meta, update) => applyOne(meta, update, added), base);
}

/**
 * The next metadata file's content: `updates` applied to `base` (the current metadata, read from
 * `baseLocation`), or to nothing for a new table, plus the bookkeeping of a new version: the
 * metadata log (bounded by `write.metadata.previous-versions-max`) and `last-updated-ms`, which
 * never goes backwards.
 */
export function buildMetadata(args: {
  base?: { metadata: TableMetadata; location: string };
  updates: TableUpdate[];
  now?: number;
}): TableMetadata {
  const now = args.now ?? Date.now();
  if (!args.base) {
    const created = applyUpdates(emptyMetadata(now), args.updates);
    if (!created['table-uuid'] || !created.location)
      throw new ValidationError('A new table needs a uuid and a location');
    for (const [key, what] of [
      ['current-schema-id', 'schema'],
      ['default-spec-id', 'partition spec'],
      ['default-sort-order-id', 'sort order'],
    ] as const) {
      if (created[key] === -1) throw new ValidationError(`A new table needs a current ${what}`);
    }
    return created;
  }
  const { metadata: base, location } = args.base;
  const next = applyUpdates(base, args.updates);
  const previousMax = Number(next.properties?.['write.metadata.previous-versions-max'] ?? 100);
  const addedSnapshot = (next.snapshots?.length ?? 0) > (base.snapshots?.length ?? 0);
  return {
    ...next,
    'last-updated-ms': addedSnapshot ? next['last-updated-ms'] : Math.max(now, base['last-updated-ms']),
    'metadata-log': [
      ...(base['metadata-log'] ?? []),
      { 'timestamp-ms': base['last-updated-ms'], 'metadata-file': location },
    ].slice(-Math.max(1, previousMax)),
  };
}

/** The updates that create a v2 table (after an `assert-create` requirement). */
export function creationUpdates(args: {
  location: string;
  schema: Schema;
  spec: PartitionSpec;
  properties?: Record<string, string>;
  uuid?: string;
}): TableUpdate[] {
  return [
    { action: 'assign-uuid', uuid: args.uuid ?? randomUUID() },
    { action: 'add-schema', schema: args.schema },
    { action: 'set-current-schema', 'schema-id': -1 },
    { action: 'add-spec', spec: args.spec },
    { action: 'set-default-spec', 'spec-id': -1 },
    { action: 'add-sort-order', 'sort-order': { 'order-id': 0, fields: [] } },
    { action: 'set-default-sort-order', 'sort-order-id': -1 },
    { action: 'set-location', location: args.location },
    { action: 'set-properties', updates: args.properties ?? {} },
  ];
}

/** Metadata of a new, empty v2 table. */
export function newTableMetadata(args: Parameters<typeof creationUpdates>[0] & { now?: number }): TableMetadata {
  return buildMetadata({ updates: creationUpdates(args), ...(args.now === undefined ? {} : { now: args.now }) });
}
