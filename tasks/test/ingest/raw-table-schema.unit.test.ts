import { describe, expect, it } from 'vitest';
import { icebergTypeFor } from '../../src/extract/iceberg-type-mapping.js';
import { planRawSchema, promotedType } from '../../src/extract/raw-table-schema.js';
import type { SourceColumn } from '../../src/extract/source-columns.js';
import type { Schema } from '../../src/iceberg/schema.js';

const col = (
  name: string,
  type: string,
  precision: number | null = null,
  scale: number | null = null,
): SourceColumn => ({
  name,
  type,
  precision,
  scale,
  notNull: false,
  generated: null,
});

describe('icebergTypeFor', () => {
  it('keeps money exact and time zoned', () => {
    expect(icebergTypeFor(col('total', 'numeric', 16, 2))).toBe('decimal(16, 2)');
    expect(icebergTypeFor(col('at', 'timestamp with time zone'))).toBe('timestamptz');
    expect(icebergTypeFor(col('id', 'bigint'))).toBe('long');
    expect(icebergTypeFor(col('meta', 'jsonb'))).toBe('string');
  });

  it('refuses what it cannot carry exactly', () => {
    expect(() => icebergTypeFor(col('x', 'numeric'))).toThrow('NUMERIC without precision');
    expect(() => icebergTypeFor(col('p', 'point'))).toThrow('has type point, which has no Iceberg mapping');
  });
});

describe('planRawSchema', () => {
  const source = [
    col('order_id', 'bigint'),
    col('total', 'numeric', 16, 2),
    col('placed_at', 'timestamp with time zone'),
  ];

  it('numbers a new table from 1 and appends the change-log columns', () => {
    const plan = planRawSchema(source);
    expect(plan.schema.fields.map((f) => [f.id, f.name, f.type, f.required])).toEqual([
      [1, 'order_id', 'long', false],
      [2, 'total', 'decimal(16, 2)', false],
      [3, 'placed_at', 'timestamptz', false],
      [4, '_op', 'string', true],
      [5, '_lsn', 'long', true],
      [6, '_seq', 'long', true],
      [7, '_ingested_at', 'timestamptz', true],
      [8, '_batch_id', 'string', true],
    ]);
    expect(plan.lastColumnId).toBe(8);
    expect(plan.added).toEqual([]);
  });

  it('keeps ids stable, gives a new column the next id and bumps the schema id', () => {
    const first = planRawSchema(source);
    const again = planRawSchema(source, { schema: first.schema, lastColumnId: first.lastColumnId });
    expect(again.schema).toEqual(first.schema);
    const evolved = planRawSchema([col('note', 'text'), ...source], { schema: first.schema, lastColumnId: 8 });
    expect(evolved.schema.fields.map((f) => [f.id, f.name])).toEqual([
      [1, 'order_id'],
      [2, 'total'],
      [3, 'placed_at'],
      [4, '_op'],
      [5, '_lsn'],
      [6, '_seq'],
      [7, '_ingested_at'],
      [8, '_batch_id'],
      [9, 'note'],
    ]);
    expect(evolved.added).toEqual(['note']);
    expect(evolved.schema['schema-id']).toBe(1);
  });

  it('adds the change columns to a table written before they existed, as optional', () => {
    const legacy = [
      ['order_id', 'long', false],
      ['_ingested_at', 'timestamptz', true],
      ['_batch_id', 'string', true],
    ] as const;
    const fields = legacy.map(([name, type, required], i) => ({ id: i + 1, name, type, required }));
    const old: Schema = { type: 'struct', 'schema-id': 0, fields };
    const plan = planRawSchema([col('order_id', 'bigint')], { schema: old, lastColumnId: 3 });
    expect(plan.schema.fields.slice(3).map((f) => [f.id, f.name, f.required])).toEqual([
      [4, '_op', false],
      [5, '_lsn', false],
      [6, '_seq', false],
    ]);
    expect(plan.schema['schema-id']).toBe(1);
  });

  it('keeps a column dropped at the source and allows only spec promotions', () => {
    const first = planRawSchema(source);
    const dropped = planRawSchema(source.slice(0, 2), { schema: first.schema, lastColumnId: 5 });
    expect(dropped.schema.fields.map((f) => f.name)).toContain('placed_at');
    expect(promotedType('int', 'long')).toBe('long');
    expect(promotedType('decimal(10, 2)', 'decimal(16, 2)')).toBe('decimal(16, 2)');
    expect(promotedType('decimal(16, 2)', 'decimal(16, 4)')).toBeUndefined();
    expect(() =>
      planRawSchema([col('order_id', 'text'), ...source.slice(1)], { schema: first.schema, lastColumnId: 5 }),
    ).toThrow('incompatible type change for order_id: the table has long, the source now has string');
  });
});
