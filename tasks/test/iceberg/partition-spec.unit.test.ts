import { describe, expect, it } from 'vitest';
import {
  applyTransform,
  buildPartitionSpec,
  partitionPath,
  partitionType,
  partitionValues,
} from '../../src/iceberg/partition-spec.js';
import type { Schema } from '../../src/iceberg/schema.js';

const schema: Schema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', required: true, type: 'long' },
    { id: 2, name: 'created_at', required: false, type: 'timestamptz' },
    { id: 3, name: 'channel', required: false, type: 'string' },
  ],
};

const micros = (iso: string) => BigInt(Date.parse(iso)) * 1000n;

describe('partition transforms', () => {
  it('day(ts) counts days since epoch of the UTC instant', () => {
    expect(applyTransform('day', 'timestamptz', 0n)).toBe(0);
    expect(applyTransform('day', 'timestamptz', micros('2024-01-01T00:00:00Z'))).toBe(19_723);
    expect(applyTransform('day', 'timestamptz', micros('2024-01-01T23:59:59.999Z') + 999n)).toBe(19_723);
    // 06:30 in Ho Chi Minh City is still the previous UTC day.
    expect(applyTransform('day', 'timestamptz', micros('2024-01-02T06:30:00+07:00'))).toBe(19_723);
    expect(applyTransform('day', 'timestamptz', -1n)).toBe(-1);
    expect(applyTransform('day', 'date', 19_723)).toBe(19_723);
    expect(applyTransform('day', 'timestamptz', null)).toBeNull();
  });

  it('hour, month and year floor before the epoch too', () => {
    expect(applyTransform('hour', 'timestamptz', micros('1970-01-01T01:30:00Z'))).toBe(1);
    expect(applyTransform('hour', 'timestamptz', -1n)).toBe(-1);
    expect(applyTransform('month', 'timestamptz', micros('2024-03-15T00:00:00Z'))).toBe(54 * 12 + 2);
    expect(applyTransform('year', 'date', 19_723)).toBe(54);
    expect(applyTransform('month', 'date', -1)).toBe(-1);
  });

  it('builds specs with ids from 1000, optional result fields and Hive-style paths', () => {
    const spec = buildPartitionSpec(schema, [
      { source: 'created_at', transform: 'day' },
      { source: 'channel', transform: 'identity' },
    ]);
    expect(spec.fields).toEqual([
      { 'source-id': 2, 'field-id': 1000, name: 'created_at_day', transform: 'day' },
      { 'source-id': 3, 'field-id': 1001, name: 'channel', transform: 'identity' },
    ]);
    expect(partitionType(spec, schema).fields).toEqual([
      { id: 1000, name: 'created_at_day', required: false, type: 'date' },
      { id: 1001, name: 'channel', required: false, type: 'string' },
    ]);
    const values = partitionValues(spec, schema, (id) => (id === 2 ? micros('2024-01-01T10:00:00Z') : 'tiki shop'));
    expect(values).toEqual([19_723, 'tiki shop']);
    expect(partitionPath(spec, schema, values)).toBe('created_at_day=2024-01-01/channel=tiki%20shop');
  });
});
