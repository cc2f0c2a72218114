import { describe, expect, it } from 'vitest';
import { CopyColumnsDecoder, type MaxTracker } from '../../src/extract/copy-text.js';
import { writeParquet, writeParquetColumns } from '../../src/iceberg/parquet/parquet-writer.js';
import {
  daysFromCivil,
  fastDecimal,
  fastTimestampMicros,
  parseDecimalText,
  parseTimestampMicros,
  parseTimestampMicrosGeneral,
} from '../../src/iceberg/parquet/value-conversion.js';
import { ORDERS_SCHEMA, orderRows } from '../iceberg/fixtures.js';

const general = (text: string) => parseTimestampMicrosGeneral(text, true);

describe('days from civil', () => {
  it('agrees with Date.UTC from year 100 to 9999, leap days included', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [1969, 12, 31],
      [2000, 2, 29],
      [1900, 2, 28],
      [1900, 3, 1],
      [2024, 2, 29],
      [1600, 2, 29],
      [100, 1, 1],
      [9999, 12, 31],
      [1582, 10, 4],
    ] as const) {
      expect(daysFromCivil(y, m, d)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
    }
    for (let i = 0; i < 2000; i++) {
      const y = 100 + Math.floor(Math.random() * 9900);
      const m = 1 + Math.floor(Math.random() * 12);
      const d = 1 + Math.floor(Math.random() * 28);
      expect(daysFromCivil(y, m, d)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
    }
  });
});

describe('canonical timestamptz fast path', () => {
  it('matches the general parser on PostgreSQL UTC text', () => {
    for (const text of [
      '1970-01-01 00:00:00+00',
      '1970-01-01 00:00:00.000001+00',
      '1969-12-31 23:59:59.999999+00',
      '1900-02-28 12:00:00+00',
      '0100-01-01 00:00:00+00',
      '1601-03-01 01:02:03.4+00',
      '2000-02-29 23:59:59.12+00',
      '2024-02-29 06:30:00.123+00',
      '2025-03-04 16:55:00.1234+00',
      '2025-03-04 16:55:00.12345+00',
      '2025-03-04 16:55:00.123456+00',
      '2262-04-11 23:47:16.854775+00',
      '9999-12-31 23:59:59.999999+00',
    ]) {
      expect(fastTimestampMicros(text, true), text).toBe(general(text));
      expect(parseTimestampMicros(text, true), text).toBe(general(text));
    }
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor((Math.random() * 2 - 1) * 8e12);
      const iso = new Date(ms).toISOString();
      const digits = Math.floor(Math.random() * 7);
      const fraction = digits ? `.${String(Math.floor(Math.random() * 10 ** digits)).padStart(digits, '0')}` : '';
      const text = `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction}+00`;
      expect(fastTimestampMicros(text, true), text).toBe(general(text));
    }
  });

  it('reads a field inside a line and zone-less text for timestamp', () => {
    const line = '7\t2024-05-01 10:00:00.5+00\tx';
    expect(fastTimestampMicros(line, true, 2, 26)).toBe(general('2024-05-01 10:00:00.5+00'));
    expect(fastTimestampMicros('2024-05-01 10:00:00.5', false)).toBe(
      parseTimestampMicrosGeneral('2024-05-01 10:00:00.5', false),
    );
    expect(fastTimestampMicros('2024-05-01 10:00:00.5', true)).toBeUndefined();
  });

  it('leaves everything else to the general parser', () => {
    for (const text of [
      '2024-01-02 06:30:00.5+07',
      '2024-01-02 06:30:00-03:30',
      '2024-01-02 06:30:00+00:00',
      '2024-01-02T06:30:00Z',
      '2024-01-02 06:30:00.1234567+00',
      '2024-01-02 06:30:00.+00',
      '0050-01-01 00:00:00+00',
      '2024-13-01 00:00:00+00',
      '2024-01-02 24:00:00+00',
      '12024-01-02 06:30:00+00',
      '2024-01-02 06:30:00+00 BC',
      ' 2024-01-02 06:30:00+00',
      '2024-01-02 06:30:00',
    ]) {
      expect(fastTimestampMicros(text, true), text).toBeUndefined();
    }
    expect(parseTimestampMicros('2024-01-02 06:30:00.5+07', true)).toBe(general('2024-01-02 06:30:00.5+07'));
    expect(() => parseTimestampMicros('2024-01-02 06:30:00', true)).toThrow(/offset/);
  });
});

describe('decimal fast path', () => {
  it('matches the general parser and falls back on anything unusual', () => {
    for (const [text, scale] of [
      ['0', 2],
      ['-0', 2],
      ['1234.56', 2],
      ['-0.5', 2],
      ['7', 2],
      ['9999999999999.99', 2],
      ['12', 0],
    ] as const) {
      expect(fastDecimal(text, scale), text).toBe(parseDecimalText(text, scale));
    }
    expect(fastDecimal('99999999999999.99', 2)).toBeUndefined();
    for (const [text, scale] of [
      ['1.230', 2],
      ['1.', 2],
      ['.5', 2],
      ['+1', 2],
      [' 1', 2],
      ['', 2],
      ['-', 2],
      ['1234567890123456', 0],
      ['1e5', 2],
    ] as const) {
      expect(fastDecimal(text, scale), text).toBeUndefined();
    }
    expect(parseDecimalText('1.230', 2)).toBe(123n);
    expect(parseDecimalText('1234567890123456789.5', 1)).toBe(12345678901234567895n);
  });
});

describe('COPY columns decoder', () => {
  const kinds = ['long', 'int', 'text', 'timestamptz', 'boolean'] as const;
  const lines = [
    '1\t5\tThành phố\t2024-05-01 10:00:00+00\tt',
    '2\t\\N\ta\\tb\\\\c\t2024-05-01 09:00:00.25+00\tf',
    '-3\t-7\t\\N\t\\N\t\\N',
    '99999999999999999\t2147483648\t\t2024-05-01 12:00:00+02\tt',
  ];

  it('decodes the same values as the row decoder, across chunk borders', () => {
    const max: MaxTracker = { column: 3, micros: undefined, text: undefined, toMicros: general };
    const decoder = new CopyColumnsDecoder([...kinds], max);
    const bytes = Buffer.from(lines.join('\n'));
    const cut = bytes.indexOf(Buffer.from('ố')) + 1;
    decoder.write(bytes.subarray(0, cut));
    decoder.write(bytes.subarray(cut, cut + 3));
    decoder.write(bytes.subarray(cut + 3));
    decoder.end();
    const batch = decoder.take();
    expect(batch.length).toBe(4);
    expect(batch.columns[0]).toEqual([1n, 2n, -3n, '99999999999999999']);
    expect(batch.columns[1]).toEqual([5, null, -7, 2147483648]);
    expect(batch.columns[2]).toEqual(['Thành phố', 'a\tb\\c', null, '']);
    expect(batch.columns[3]).toEqual([
      general('2024-05-01 10:00:00+00'),
      general('2024-05-01 09:00:00.25+00'),
      null,
      '2024-05-01 12:00:00+02',
    ]);
    expect(batch.columns[4]).toEqual([true, false, null, true]);
    // The largest cursor value and its text as printed.
    expect(max.text).toBe('2024-05-01 10:00:00+00');
    expect(max.micros).toBe(general('2024-05-01 10:00:00+00'));
    expect(decoder.take().length).toBe(0);
  });

  it('rejects a line with the wrong number of fields', () => {
    const decoder = new CopyColumnsDecoder(['text', 'text']);
    expect(() => decoder.write(Buffer.from('a\tb\tc\n'))).toThrow('COPY returned 3 fields, expected 2');
  });
});

describe('columnar Parquet writer', () => {
  it('writes the same file and metrics as the row writer', async () => {
    const rows = orderRows(1, 50);
    const byRows = await writeParquet(ORDERS_SCHEMA, [rows.slice(0, 20), rows.slice(20)], { rowGroupSize: 16 });
    const columns = (part: typeof rows) => ({
      length: part.length,
      columns: ORDERS_SCHEMA.fields.map((f) => part.map((r) => (r as Record<string, unknown>)[f.name])),
    });
    const byColumns = await writeParquetColumns(ORDERS_SCHEMA, [columns(rows.slice(0, 20)), columns(rows.slice(20))], {
      rowGroupSize: 16,
    });
    expect(Buffer.compare(byColumns.bytes, byRows.bytes)).toBe(0);
    expect(byColumns.metrics).toEqual(byRows.metrics);
  });
});
