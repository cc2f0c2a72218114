import { describe, expect, it } from 'vitest';
import { CopyColumnsDecoder, type CopyKind } from '../../src/extract/copy-text.js';
import { ColumnMetrics } from '../../src/iceberg/parquet/column-metrics.js';
import { Int64Column, Int64ColumnBuilder } from '../../src/iceberg/parquet/int64-column.js';
import { writeParquet, writeParquetColumns } from '../../src/iceberg/parquet/parquet-writer.js';
import { compareUtf8, Utf8Column, Utf8ColumnBuilder } from '../../src/iceberg/parquet/utf8-column.js';
import {
  fastDecimal,
  fastDecimalNumber,
  fastTimestampMicros,
  fastTimestampMicrosNumber,
  parseDecimalText,
  parseTimestampMicros,
} from '../../src/iceberg/parquet/value-conversion.js';
import type { Schema } from '../../src/iceberg/schema.js';
import { compareStrings } from '../../src/iceberg/single-value.js';
import { ORDERS_SCHEMA, orderRows } from '../iceberg/fixtures.js';

const STRINGS = [
  '',
  'a',
  'ab',
  'abc',
  'b',
  'Z',
  '\u007f',
  '\u0080',
  'é',
  'Hà Nội',
  'Hà Nội, Việt Nam',
  'Thành phố Hồ Chí Minh',
  'Thành phố Hồ Chí Minh, quận 1, phường Bến Nghé',
  'Đà Nẵng',
  'Đà',
  '\u0800',
  '\ud7ff',
  '\ue000',
  '\uffff',
  '😀',
  '😀😀',
  'a😀',
  '😁',
  '\u{10000}',
  '\u{10ffff}',
  '\u{10ffff}'.repeat(17),
  `${'x'.repeat(15)}😀tail`,
  `${'x'.repeat(16)}😀`,
  'x'.repeat(17),
  'Việt Nam xin chào các bạn trẻ',
];

function utf8Column(values: (string | null)[]): Utf8Column {
  const builder = new Utf8ColumnBuilder();
  for (const v of values) {
    if (v === null) builder.appendNull();
    else {
      const bytes = Buffer.from(`\t${v}\t`);
      builder.appendBytes(bytes, 1, bytes.length - 1);
    }
  }
  return builder.take();
}

function int64Column(values: (number | null)[]): Int64Column {
  const builder = new Int64ColumnBuilder();
  for (const v of values) {
    if (v === null) builder.appendNull();
    else builder.append(v);
  }
  return builder.take() as Int64Column;
}

describe('UTF-8 byte order', () => {
  it('is the order of compareStrings, on every pair', () => {
    for (const a of STRINGS) {
      for (const b of STRINGS) {
        const bytes = Buffer.from(`|${a}|`);
        const got = Math.sign(compareUtf8(bytes, 1, bytes.length - 1, Buffer.from(b)));
        expect(got, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(Math.sign(compareStrings(a, b)));
      }
    }
  });

  it('gives the same metrics as the strings, truncated bounds included', () => {
    const sets = [
      STRINGS,
      [...STRINGS].reverse(),
      ['Thành phố Hồ Chí Minh', 'Thành phố Hồ Chí Minh, quận 1', null, 'Thành phố Hồ Chí Minh'],
      ['\u{10ffff}'.repeat(17), '\u{10ffff}'.repeat(20)],
      [`${'x'.repeat(15)}\ud7ffy`, `${'x'.repeat(15)}\ue000z`, `${'x'.repeat(15)}😀w`],
      [null, null],
      [],
    ];
    for (const values of sets) {
      const byStrings = new ColumnMetrics(1, 'string', true);
      for (const v of values) byStrings.add(v);
      const byBytes = new ColumnMetrics(1, 'string', true);
      byBytes.addUtf8Column(utf8Column(values));
      expect(byBytes.valueCount).toBe(byStrings.valueCount);
      expect(byBytes.nullCount).toBe(byStrings.nullCount);
      expect(byBytes.bounds()).toEqual(byStrings.bounds());
      // Both ways into one column: the bounds of all the values.
      const mixed = new ColumnMetrics(1, 'string', true);
      const half = Math.floor(values.length / 2);
      for (const v of values.slice(0, half)) mixed.add(v);
      mixed.addUtf8Column(utf8Column(values.slice(half)));
      expect(mixed.bounds()).toEqual(byStrings.bounds());
    }
  });
});

describe('byte columns', () => {
  it('keep values, nulls and ranges through builders, concat and repeat', () => {
    const values = ['a', null, 'Hà Nội', '', '😀', 'x'.repeat(100), null];
    const builder = new Utf8ColumnBuilder();
    // Grows past its first arrays, and starts clean after a take.
    for (let i = 0; i < 3000; i++) builder.appendString('y'.repeat(40));
    builder.appendNull();
    expect(builder.take().length).toBe(3001);
    for (const v of values)
      if (v === null) builder.appendNull();
      else builder.appendString(v);
    const column = builder.take();
    expect(Array.from({ length: column.length }, (_, i) => column.get(i))).toEqual(values);
    const joined = Utf8Column.concat([
      { column, from: 2, to: 5 },
      { column: utf8Column(['q', 'r']), from: 0, to: 2 },
      { column, from: 0, to: 2 },
    ]);
    expect(Array.from({ length: joined.length }, (_, i) => joined.get(i))).toEqual([
      'Hà Nội',
      '',
      '😀',
      'q',
      'r',
      'a',
      null,
    ]);
    const repeated = Utf8Column.repeat('Đà', 3);
    expect([repeated.get(0), repeated.get(2), repeated.nulls]).toEqual(['Đà', 'Đà', undefined]);

    const numbers = int64Column([1, null, -5, 2 ** 53, -(2 ** 53)]);
    expect(Array.from({ length: numbers.length }, (_, i) => numbers.get(i))).toEqual([
      1n,
      null,
      -5n,
      2n ** 53n,
      -(2n ** 53n),
    ]);
    const part = Int64Column.concat([
      { column: numbers, from: 1, to: 3 },
      { column: int64Column([7]), from: 0, to: 1 },
    ]);
    expect([part.get(0), part.get(1), part.get(2)]).toEqual([null, -5n, 7n]);
    expect(Int64Column.repeat(2n ** 60n, 2)).toBeUndefined();
  });

  it('writes the two-complement words of BigInt64Array and of 128-bit decimals', () => {
    const values = [
      0,
      -0,
      1,
      -1,
      2 ** 32,
      -(2 ** 32),
      2 ** 32 - 1,
      -(2 ** 32) - 1,
      2 ** 53,
      -(2 ** 53),
      123456789012345,
    ];
    const column = int64Column([...values, null]);
    const expected = new BigInt64Array(values.length + 1);
    values.forEach((v, i) => {
      expected[i] = BigInt(v);
    });
    expect(new BigInt64Array(column.words(2).buffer)).toEqual(expected);
    const words = column.words(4);
    values.forEach((v, i) => {
      let rest = BigInt.asUintN(128, BigInt(v));
      for (let w = 0; w < 4; w++) {
        expect(words[i * 4 + w]).toBe(Number(rest & 0xffff_ffffn));
        rest >>= 32n;
      }
    });
    expect(Array.from(words.subarray(values.length * 4))).toEqual([0, 0, 0, 0]);
  });

  it('turns a batch into a plain array from the first value that is not an exact integer', () => {
    const builder = new Int64ColumnBuilder();
    builder.append(3);
    builder.appendNull();
    builder.appendValue('99999999999999999');
    builder.append(4);
    builder.appendNull();
    expect(builder.take()).toEqual([3n, null, '99999999999999999', 4n, null]);
    builder.append(5);
    expect(builder.take()).toBeInstanceOf(Int64Column);
  });

  it('have metrics equal to the bigint ones', () => {
    const values = [5, null, -7, 2 ** 53, 0, -0];
    const byBigints = new ColumnMetrics(1, 'long', true);
    for (const v of values) byBigints.add(v === null ? null : BigInt(v));
    const byColumn = new ColumnMetrics(1, 'long', true);
    byColumn.addInt64Column(int64Column(values));
    expect([byColumn.valueCount, byColumn.nullCount]).toEqual([byBigints.valueCount, byBigints.nullCount]);
    expect(byColumn.bounds()).toEqual(byBigints.bounds());
  });
});

describe('number fast paths', () => {
  it('agree with the bigint ones', () => {
    const timestamps = [
      '2024-05-01 10:00:00+00',
      '2024-05-01 09:00:00.25+00',
      '1970-01-01 00:00:00+00',
      '1969-12-31 23:59:59.999999+00',
      '2255-06-01 00:00:00+00',
      '1600-01-01 00:00:00+00',
      '2024-05-01 12:00:00+02',
      '2024-05-01 12:00:00',
      'nonsense',
    ];
    for (const text of timestamps) {
      for (const zone of [true, false]) {
        const bytes = Buffer.from(` ${text} `);
        const n = fastTimestampMicrosNumber(bytes, zone, 1, bytes.length - 1);
        const big = fastTimestampMicros(text, zone);
        // Beyond 9e15 micros (past ~2255) the number path leaves the value to the bigint one.
        if (n === undefined)
          expect(big === undefined || big >= 9n * 10n ** 15n || big <= -(9n * 10n ** 15n)).toBe(true);
        else expect(BigInt(n)).toBe(big);
      }
    }
    for (const text of [
      '0',
      '-0.00',
      '12.5',
      '-12.34',
      '1.234',
      '999999999999999',
      '9999999999999999',
      '1.',
      '.5',
      'x',
    ]) {
      const bytes = Buffer.from(`\t${text}\t`);
      const n = fastDecimalNumber(bytes, 2, 1, bytes.length - 1);
      const big = fastDecimal(text, 2);
      expect(n === undefined ? undefined : BigInt(n)).toBe(big);
    }
  });
});

describe('COPY decoder, byte kinds', () => {
  it('decodes what the text kinds decode', () => {
    const text: CopyKind[] = ['long', 'text', 'timestamptz', 'text', 'timestamp'];
    const bytes: CopyKind[] = ['long64', 'utf8', 'timestamptz64', 'decimal64:2', 'timestamp64'];
    const lines = [
      '1\tThành phố\t2024-05-01 10:00:00+00\t12.50\t2024-05-01 10:00:00',
      '2\ta\\tb\\\\c\t2024-05-01 09:00:00.25+00\t-0.01\t\\N',
      '-3\t\\N\t\\N\t\\N\t2024-05-01 10:00:00.5',
      '4\t😀\t2024-05-01 12:00:00+02\t1\t2024-05-01 10:00:00',
      '99999999999999999\t\t2024-05-01 12:00:00+00\t7.00\t2024-05-01 10:00:00',
    ];
    const input = Buffer.from(lines.join('\n'));
    const decode = (kinds: CopyKind[], cut: number) => {
      const decoder = new CopyColumnsDecoder(kinds);
      decoder.write(input.subarray(0, cut));
      decoder.write(input.subarray(cut));
      decoder.end();
      return decoder.take();
    };
    const plain = (column: unknown, i: number) =>
      column instanceof Utf8Column || column instanceof Int64Column
        ? Array.from({ length: column.length }, (_, r) => column.get(r))
        : i === 3
          ? (column as unknown[]).map((v) => (v === null ? null : parseDecimalText(v as string, 2)))
          : (column as unknown[]).map((v) => (typeof v === 'string' && i !== 1 ? parseTimestampMicros(v, i === 2) : v));
    for (const cut of [3, input.indexOf(Buffer.from('😀')) + 2, input.length - 1]) {
      const byText = decode(text, cut);
      const byBytes = decode(bytes, cut);
      expect(byBytes.length).toBe(5);
      // The first four rows as exact integers; the fifth's long needs a bigint, so that column is a plain array.
      expect(byBytes.columns[0]).toEqual([1n, 2n, -3n, 4n, '99999999999999999']);
      expect(byBytes.columns[1]).toBeInstanceOf(Utf8Column);
      expect(byBytes.columns[2]).toEqual([
        parseTimestampMicros('2024-05-01 10:00:00+00', true),
        parseTimestampMicros('2024-05-01 09:00:00.25+00', true),
        null,
        '2024-05-01 12:00:00+02',
        parseTimestampMicros('2024-05-01 12:00:00+00', true),
      ]);
      for (const i of [1, 3, 4]) expect(plain(byBytes.columns[i], i)).toEqual(plain(byText.columns[i], i));
    }
  });

  it('keeps invalid UTF-8 as the text decoding gives it', () => {
    const input = Buffer.from([0x61, 0xff, 0x41, 10]);
    const decoder = new CopyColumnsDecoder(['utf8']);
    decoder.write(input);
    const column = decoder.take().columns[0] as Utf8Column;
    expect(column.get(0)).toBe(input.subarray(0, input.length - 1).toString('utf8'));
    expect(Buffer.from(column.data).toString('utf8')).toBe('a\ufffdA');
  });
});

describe('columnar Parquet writer, byte columns', () => {
  it('writes the same file and metrics as from rows', async () => {
    const schema: Schema = {
      ...ORDERS_SCHEMA,
      fields: [...ORDERS_SCHEMA.fields, { id: 8, name: 'note', required: false, type: 'string' }],
    };
    const rows = orderRows(1, 50).map((r, i) => ({
      ...r,
      order_id: BigInt(i % 7 === 0 ? -(2 ** 40) - i : i * 2 ** 33),
      total_amount: i % 4 === 0 ? null : `${i % 3 === 0 ? '-' : ''}${i * 1000 + 1}.${String(i % 100).padStart(2, '0')}`,
      note: i % 5 === 0 ? null : ['😀 emoji', 'Việt Nam', '', 'x'.repeat(40)][i % 4],
    }));
    const byRows = await writeParquet(schema, [rows.slice(0, 20), rows.slice(20)], { rowGroupSize: 16 });
    const columns = (part: typeof rows) => ({
      length: part.length,
      columns: schema.fields.map((f) => {
        const values = part.map((r) => (r as Record<string, unknown>)[f.name]);
        if (f.type === 'string') return utf8Column(values as (string | null)[]);
        if (f.type === 'long') return int64Column(values.map((v) => (v === null ? null : Number(v))));
        if (f.type === 'timestamptz') {
          return int64Column(values.map((v) => Number(parseTimestampMicros(v as string, true))));
        }
        if (typeof f.type === 'string' && f.type.startsWith('decimal')) {
          return int64Column(values.map((v) => (v === null ? null : Number(parseDecimalText(v as string, 2)))));
        }
        return values;
      }),
    });
    const byColumns = await writeParquetColumns(schema, [columns(rows.slice(0, 20)), columns(rows.slice(20))], {
      rowGroupSize: 16,
    });
    expect(Buffer.compare(byColumns.bytes, byRows.bytes)).toBe(0);
    expect(byColumns.metrics).toEqual(byRows.metrics);
  });
});
