import { tableFromIPC } from 'apache-arrow';
import { readParquet, readSchema } from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { truncateLower, truncateUpper } from '../../src/iceberg/parquet/column-metrics.js';
import { writeParquet } from '../../src/iceberg/parquet/parquet-writer.js';
import { formatDecimal, parseDecimalText, parseTimestampMicros } from '../../src/iceberg/parquet/value-conversion.js';
import type { PrimitiveType, Schema } from '../../src/iceberg/schema.js';
import { fromBytes } from '../../src/iceberg/single-value.js';
import { ORDERS_SCHEMA, orderRows } from './fixtures.js';

describe('value conversion', () => {
  it('parses decimal text exactly', () => {
    expect(parseDecimalText('1234.56', 2)).toBe(123456n);
    expect(parseDecimalText('-0.5', 2)).toBe(-50n);
    expect(parseDecimalText('7', 2)).toBe(700n);
    expect(parseDecimalText('1.230', 2)).toBe(123n);
    expect(() => parseDecimalText('1.234', 2)).toThrow(/fractional digits/);
    expect(formatDecimal(-50n, 2)).toBe('-0.50');
    expect(formatDecimal(123456n, 2)).toBe('1234.56');
  });

  it('keeps timestamp microseconds and honours offsets', () => {
    expect(parseTimestampMicros('1970-01-01T00:00:00.000001Z', true)).toBe(1n);
    expect(parseTimestampMicros('2024-01-02 06:30:00.5+07', true)).toBe(
      BigInt(Date.parse('2024-01-01T23:30:00Z')) * 1000n + 500_000n,
    );
    expect(() => parseTimestampMicros('2024-01-01T00:00:00', true)).toThrow(/offset/);
  });
});

describe('string bound truncation', () => {
  it('keeps a prefix below and an incremented prefix above', () => {
    const long = 'Thành phố Hồ Chí Minh, Việt Nam';
    expect(truncateLower(long)).toBe('Thành phố Hồ Chí');
    expect(truncateUpper(long)).toBe('Thành phố Hồ Chî'); // í (U+00ED) + 1 = î
    expect(truncateUpper('short')).toBe('short');
    expect(truncateUpper('\u{10FFFF}'.repeat(17))).toBeUndefined();
  });
});

describe('Parquet data file writer', () => {
  it('writes field ids, exact values and Iceberg metrics', async () => {
    const rows = orderRows(1, 50);
    const { bytes, metrics } = await writeParquet(ORDERS_SCHEMA, [rows.slice(0, 20), rows.slice(20)], {
      rowGroupSize: 16,
    });
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(metrics.recordCount).toBe(50);
    expect(metrics.fileSizeInBytes).toBe(bytes.length);

    const arrow = tableFromIPC(readParquet(new Uint8Array(bytes)).intoIPCStream());
    expect(arrow.numRows).toBe(50);
    expect(arrow.schema.fields.map((f) => f.metadata.get('PARQUET:field_id'))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
    expect(String(arrow.schema.fields[5]?.type)).toContain('UTC');
    const created = arrow.getChild('created_at')?.data[0]?.values as BigInt64Array;
    expect(created[0]).toBe(parseTimestampMicros(rows[0]?.created_at as string, true));
    expect(arrow.getChild('city')?.get(0)).toBe('Thành phố Hồ Chí Minh');
    expect(arrow.getChild('city')?.get(3)).toBeNull();
    expect(readSchema(new Uint8Array(bytes)).intoIPCStream().length).toBeGreaterThan(0);

    expect(metrics.valueCounts.get(4)).toBe(50);
    expect(metrics.nullValueCounts.get(4)).toBe(13);
    expect(metrics.nullValueCounts.get(1)).toBe(0);
    const amounts = rows
      .map((r) => r.total_amount)
      .filter((v): v is string => v !== null)
      .map((v) => parseDecimalText(v, 2))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(fromBytes('decimal(16, 2)', metrics.lowerBounds.get(4) as Buffer)).toBe(amounts[0]);
    expect(fromBytes('decimal(16, 2)', metrics.upperBounds.get(4) as Buffer)).toBe(amounts[amounts.length - 1]);
    expect(fromBytes('long', metrics.lowerBounds.get(1) as Buffer)).toBe(1n);
    expect(fromBytes('long', metrics.upperBounds.get(1) as Buffer)).toBe(50n);
    expect(fromBytes('string', metrics.lowerBounds.get(7) as Buffer)).toBe('Hà Nội');
    // Đ (U+0110) sorts after every ASCII letter in UTF-8 byte order.
    expect(fromBytes('string', metrics.upperBounds.get(7) as Buffer)).toBe('Đà Nẵng');
    expect([...metrics.columnSizes.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('records the lower and upper bound of every primitive type', async () => {
    const types = [
      'boolean',
      'int',
      'long',
      'float',
      'double',
      'decimal(16, 2)',
      'date',
      'timestamp',
      'timestamptz',
      'string',
    ];
    const names = ['b', 'i', 'l', 'f', 'd', 'm', 'day', 'ts', 'tstz', 's'];
    const schema: Schema = {
      type: 'struct',
      'schema-id': 0,
      fields: types.map((type, i) => ({
        id: i + 1,
        name: names[i] as string,
        required: false,
        type: type as PrimitiveType,
      })),
    };
    // Extremes in the middle rows, so that neither the first nor the last row is a bound.
    const rows = [
      {
        b: true,
        i: 5,
        l: '7',
        f: 1.5,
        d: 2.25,
        m: '10.00',
        day: '2024-05-02',
        ts: '2024-05-02T10:00:00',
        tstz: '2024-05-02T10:00:00+07:00',
        s: 'Huế',
      },
      {
        b: false,
        i: -3,
        l: '-9000000000',
        f: -0.5,
        d: -1e300,
        m: '-5.25',
        day: '1969-12-31',
        ts: '1969-12-31T23:59:59.999999',
        tstz: '1969-12-31T23:59:59.999999Z',
        s: 'Cần Thơ',
      },
      {
        b: true,
        i: 2147483647,
        l: '9000000000',
        f: 3.25,
        d: 1e300,
        m: '99999.99',
        day: '2038-01-19',
        ts: '2038-01-19T03:14:08',
        tstz: '2038-01-19T03:14:08Z',
        s: 'Đà Nẵng',
      },
      { b: null, i: null, l: null, f: null, d: null, m: null, day: null, ts: null, tstz: null, s: null },
      {
        b: true,
        i: 0,
        l: '0',
        f: 0,
        d: 0,
        m: '0.01',
        day: '2000-02-29',
        ts: '2000-02-29T12:00:00',
        tstz: '2000-02-29T12:00:00-05:00',
        s: 'Hà Nội',
      },
    ];
    const { metrics } = await writeParquet(schema, [rows]);
    const bounds = (id: number) => {
      const type = schema.fields.find((f) => f.id === id)?.type as Parameters<typeof fromBytes>[0];
      return [
        fromBytes(type, metrics.lowerBounds.get(id) as Buffer),
        fromBytes(type, metrics.upperBounds.get(id) as Buffer),
      ];
    };
    const micros = (text: string, zoned: boolean) => parseTimestampMicros(text, zoned);
    const days = (text: string) => Date.parse(`${text}T00:00:00Z`) / 86_400_000;
    expect(bounds(1)).toEqual([false, true]);
    expect(bounds(2)).toEqual([-3, 2147483647]);
    expect(bounds(3)).toEqual([-9000000000n, 9000000000n]);
    expect(bounds(4)).toEqual([-0.5, 3.25]);
    expect(bounds(5)).toEqual([-1e300, 1e300]);
    expect(bounds(6)).toEqual([-525n, 9999999n]);
    expect(bounds(7)).toEqual([days('1969-12-31'), days('2038-01-19')]);
    expect(bounds(8)).toEqual([micros('1969-12-31T23:59:59.999999', false), micros('2038-01-19T03:14:08', false)]);
    expect(bounds(9)).toEqual([micros('1969-12-31T23:59:59.999999Z', true), micros('2038-01-19T03:14:08Z', true)]);
    // Code point order: C < H < Đ (U+0110).
    expect(bounds(10)).toEqual(['Cần Thơ', 'Đà Nẵng']);
  });

  it('writes nested structs and lists with element ids and rejects nulls in required fields', async () => {
    const schema: Schema = {
      type: 'struct',
      'schema-id': 0,
      fields: [
        { id: 1, name: 'id', required: true, type: 'long' },
        {
          id: 2,
          name: 'address',
          required: false,
          type: {
            type: 'struct',
            fields: [
              { id: 3, name: 'city', required: true, type: 'string' },
              { id: 4, name: 'zip', required: false, type: 'int' },
            ],
          },
        },
        {
          id: 5,
          name: 'tags',
          required: false,
          type: { type: 'list', 'element-id': 6, element: 'string', 'element-required': false },
        },
        { id: 7, name: 'payload', required: false, type: 'double' },
        {
          id: 8,
          name: 'attrs',
          required: false,
          type: { type: 'map', 'key-id': 9, key: 'string', 'value-id': 10, value: 'long', 'value-required': false },
        },
      ],
    };
    const { bytes, metrics } = await writeParquet(schema, [
      [
        { id: 1n, address: { city: 'Huế', zip: 530000 }, tags: ['a', null], payload: Number.NaN, attrs: { màu: 1n } },
        {
          id: 2n,
          address: null,
          tags: null,
          payload: 1.5,
          attrs: new Map([
            ['a', null],
            ['b', 2n],
          ]),
        },
      ],
    ]);
    const arrow = tableFromIPC(readParquet(new Uint8Array(bytes)).intoIPCStream());
    expect(arrow.getChild('address')?.get(0)?.toJSON()).toEqual({ city: 'Huế', zip: 530000 });
    expect(arrow.getChild('address')?.get(1)).toBeNull();
    expect(arrow.getChild('tags')?.get(0)?.toJSON()).toEqual(['a', null]);
    expect(arrow.getChild('attrs')?.get(0)?.toJSON()).toEqual({ màu: 1n });
    expect(arrow.getChild('attrs')?.get(1)?.toJSON()).toEqual({ a: null, b: 2n });
    const addressType = arrow.schema.fields[1]?.type as { children: { metadata: Map<string, string> }[] };
    expect(addressType.children.map((c) => c.metadata.get('PARQUET:field_id'))).toEqual(['3', '4']);
    expect(metrics.valueCounts.has(6)).toBe(false);
    expect(metrics.nullValueCounts.has(6)).toBe(false);
    expect(metrics.nullValueCounts.get(3)).toBe(1);
    expect(metrics.nanValueCounts.get(7)).toBe(1);
    expect(fromBytes('double', metrics.lowerBounds.get(7) as Buffer)).toBe(1.5);
    expect(metrics.lowerBounds.has(6)).toBe(false);
    expect(metrics.columnSizes.has(6)).toBe(true);
    expect(metrics.columnSizes.has(9)).toBe(true);
    expect(metrics.columnSizes.has(10)).toBe(true);

    await expect(writeParquet(schema, [[{ id: null }]])).rejects.toThrow(/Required field "id"/);
  });
});
