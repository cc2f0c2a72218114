import { describe, expect, it } from 'vitest';
import { loadRegistry, parseRegistry, tableEntry } from '../../src/registry/table-registry.js';

const valid = {
  version: 1,
  source_schema: 'oltp',
  target_namespace: 'raw',
  overlap_seconds: 600,
  tables: [
    {
      name: 'orders',
      primary_key: ['order_id'],
      cursor: 'updated_at',
      partition: { transform: 'day', column: 'placed_at' },
    },
    { name: 'brand', primary_key: ['brand_id'], cursor: 'updated_at' },
  ],
};

describe('table registry', () => {
  it('parses entries, partition rules included', () => {
    const registry = parseRegistry(valid);
    expect(registry.overlapSeconds).toBe(600);
    expect(tableEntry(registry, 'orders')).toEqual({
      name: 'orders',
      primaryKey: ['order_id'],
      cursor: 'updated_at',
      partition: { transform: 'day', column: 'placed_at' },
    });
    expect(tableEntry(registry, 'brand').partition).toBeUndefined();
  });

  it('names what is wrong, one line each', () => {
    expect(() => tableEntry(parseRegistry(valid), 'nope')).toThrow(
      'unknown table "nope": it is not in the table registry',
    );
    expect(() => parseRegistry({ ...valid, version: 2 })).toThrow('unsupported version 2');
    expect(() => parseRegistry({ ...valid, tables: [{ ...valid.tables[1], cursor: 'Updated At' }] })).toThrow(
      'brand.cursor must be a lower-case SQL identifier',
    );
    expect(() => parseRegistry({ ...valid, tables: [{ ...valid.tables[1], primary_key: [] }] })).toThrow(
      'brand.primary_key must be a non-empty list',
    );
    expect(() =>
      parseRegistry({
        ...valid,
        tables: [{ ...valid.tables[0], partition: { transform: 'hour', column: 'placed_at' } }],
      }),
    ).toThrow('orders.partition.transform must be "day"');
    expect(() => parseRegistry({ ...valid, tables: [valid.tables[1], valid.tables[1]] })).toThrow(
      'brand is listed twice',
    );
    expect(() => loadRegistry('/nonexistent/registry.json')).toThrow(/cannot be read/);
  });

  it('the shipped registry is valid and names every table once', () => {
    const registry = loadRegistry();
    expect(registry.tables.length).toBeGreaterThanOrEqual(30);
    expect(tableEntry(registry, 'customer_activity_log').partition).toEqual({
      transform: 'day',
      column: 'occurred_at',
    });
  });
});
