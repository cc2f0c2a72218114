import { describe, expect, it } from 'vitest';
import { CommitFailedError, ValidationError } from '../../src/iceberg/errors.js';
import type { Snapshot, TableMetadata } from '../../src/iceberg/table-metadata.js';
import { applyUpdates, buildMetadata, newTableMetadata } from '../../src/iceberg/table-metadata-builder.js';
import { checkRequirements } from '../../src/iceberg/table-requirements.js';
import type { TableUpdate } from '../../src/iceberg/table-update.js';
import { ORDERS_SCHEMA, ORDERS_SPEC } from './fixtures.js';

const LOCATION = 's3://lake/warehouse/raw/orders';

function snapshot(id: bigint, sequence: number, timestamp: number, parent?: bigint): Snapshot {
  return {
    'snapshot-id': id,
    ...(parent === undefined ? {} : { 'parent-snapshot-id': parent }),
    'sequence-number': sequence,
    'timestamp-ms': timestamp,
    'manifest-list': `${LOCATION}/metadata/snap-${id}.avro`,
    summary: { operation: 'append' },
    'schema-id': 0,
  };
}

function append(s: Snapshot): TableUpdate[] {
  return [
    { action: 'add-snapshot', snapshot: s },
    { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': s['snapshot-id'] },
  ];
}

/** A table with one snapshot: id 1, sequence number 1, at t = 1,000,000 ms. */
function withOneSnapshot(): TableMetadata {
  const created = newTableMetadata({ location: LOCATION, schema: ORDERS_SCHEMA, spec: ORDERS_SPEC, now: 999_000 });
  return applyUpdates(created, append(snapshot(1n, 1, 1_000_000)));
}

describe('table metadata builder: the checks of add_snapshot', () => {
  it('adds a snapshot after the last one: sequence number above, time not before', () => {
    const next = applyUpdates(withOneSnapshot(), append(snapshot(2n, 2, 1_000_000, 1n)));
    expect(next['last-sequence-number']).toBe(2);
    expect(next['current-snapshot-id']).toBe(2n);
    expect(next['snapshot-log']?.map((e) => e['snapshot-id'])).toEqual([1n, 2n]);
  });

  it('refuses a snapshot id the table already has', () => {
    expect(() => applyUpdates(withOneSnapshot(), append(snapshot(1n, 2, 1_000_001, 1n)))).toThrow(
      new ValidationError('Snapshot 1 already exists'),
    );
  });

  it('refuses a sequence number not above the last one', () => {
    for (const sequence of [1, 0]) {
      expect(() => applyUpdates(withOneSnapshot(), append(snapshot(2n, sequence, 1_000_001, 1n)))).toThrow(
        /not above the last sequence number 1/,
      );
    }
  });

  it('refuses a timestamp before the last snapshot', () => {
    expect(() => applyUpdates(withOneSnapshot(), append(snapshot(2n, 2, 999_999, 1n)))).toThrow(
      /timestamp 999999: before the last snapshot's 1000000/,
    );
  });

  it('refuses a ref to a snapshot the table does not have', () => {
    const update: TableUpdate = { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': 9n };
    expect(() => applyUpdates(withOneSnapshot(), [update])).toThrow(ValidationError);
  });

  it('throws ValidationError, not a retryable error, and leaves the base as it was', () => {
    const base = withOneSnapshot();
    const before = structuredClone(base);
    expect(() => applyUpdates(base, append(snapshot(1n, 2, 1_000_001, 1n)))).toThrow(ValidationError);
    expect(base).toEqual(before);
  });
});

describe('table metadata builder: new versions', () => {
  it('creates a complete v2 table or refuses an incomplete one', () => {
    const meta = newTableMetadata({ location: `${LOCATION}/`, schema: ORDERS_SCHEMA, spec: ORDERS_SPEC, now: 5 });
    expect(meta).toMatchObject({
      'format-version': 2,
      location: LOCATION,
      'current-schema-id': 0,
      'default-spec-id': 0,
      'default-sort-order-id': 0,
      'last-updated-ms': 5,
      'last-partition-id': 1000,
    });
    expect(() => buildMetadata({ updates: [{ action: 'assign-uuid', uuid: 'u' }] })).toThrow(
      /needs a uuid and a location/,
    );
  });

  it('logs the previous file and never moves last-updated-ms backwards', () => {
    const base = withOneSnapshot();
    const next = buildMetadata({
      base: { metadata: base, location: `${LOCATION}/metadata/00001-a.metadata.json` },
      updates: [{ action: 'set-properties', updates: { owner: 'ingestion' } }],
      now: 1,
    });
    expect(next['last-updated-ms']).toBe(base['last-updated-ms']);
    expect(next.properties).toMatchObject({ owner: 'ingestion' });
    expect(next['metadata-log']).toEqual([
      { 'timestamp-ms': base['last-updated-ms'], 'metadata-file': `${LOCATION}/metadata/00001-a.metadata.json` },
    ]);
  });

  it('keeps write.metadata.previous-versions-max entries of the metadata log', () => {
    let meta = applyUpdates(withOneSnapshot(), [
      { action: 'set-properties', updates: { 'write.metadata.previous-versions-max': '2' } },
    ]);
    for (let i = 1; i <= 4; i++) {
      meta = buildMetadata({ base: { metadata: meta, location: `m${i}` }, updates: [], now: i });
    }
    expect(meta['metadata-log']?.map((e) => e['metadata-file'])).toEqual(['m3', 'm4']);
  });

  it('adds a schema and makes the last added current', () => {
    const schema = { ...ORDERS_SCHEMA, 'schema-id': 1 };
    const next = applyUpdates(withOneSnapshot(), [
      { action: 'add-schema', schema, 'last-column-id': 9 },
      { action: 'set-current-schema', 'schema-id': -1 },
    ]);
    expect(next['current-schema-id']).toBe(1);
    expect(next['last-column-id']).toBe(9);
    expect(() => applyUpdates(next, [{ action: 'add-schema', schema }])).toThrow(/Schema 1 already exists/);
  });
});

describe('table requirements', () => {
  const meta = withOneSnapshot();
  it('hold on the metadata they were planned on', () => {
    expect(() =>
      checkRequirements(
        [
          { type: 'assert-table-uuid', uuid: meta['table-uuid'] },
          { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': 1n },
          { type: 'assert-current-schema-id', 'current-schema-id': 0 },
          { type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 7 },
          { type: 'assert-default-spec-id', 'default-spec-id': 0 },
        ],
        meta,
      ),
    ).not.toThrow();
    expect(() => checkRequirements([{ type: 'assert-create' }], undefined)).not.toThrow();
  });

  it('fail with the retryable CommitFailedError once the table moved on', () => {
    const moved = applyUpdates(meta, append(snapshot(2n, 2, 1_000_000, 1n)));
    for (const requirement of [
      { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': 1n },
      { type: 'assert-table-uuid', uuid: 'another' },
      { type: 'assert-current-schema-id', 'current-schema-id': 1 },
      { type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 8 },
      { type: 'assert-default-spec-id', 'default-spec-id': 1 },
      { type: 'assert-create' },
    ] as const) {
      expect(() => checkRequirements([requirement], moved), requirement.type).toThrow(CommitFailedError);
    }
    // An empty table's main does not exist: null, not -1.
    const empty = newTableMetadata({ location: LOCATION, schema: ORDERS_SCHEMA, spec: ORDERS_SPEC });
    expect(() =>
      checkRequirements([{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null }], empty),
    ).not.toThrow();
  });
});
