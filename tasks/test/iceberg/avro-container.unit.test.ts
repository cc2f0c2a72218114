import { describe, expect, it } from 'vitest';
import { readAvroContainer } from '../../src/iceberg/avro/container-reader.js';
import { writeAvroContainer } from '../../src/iceberg/avro/container-writer.js';

const schema = {
  type: 'record',
  name: 'thing',
  fields: [
    { name: 'id', type: 'long', 'field-id': 1 },
    { name: 'name', type: ['null', 'string'], default: null, 'field-id': 2 },
    {
      name: 'counts',
      type: {
        type: 'array',
        logicalType: 'map',
        items: {
          type: 'record',
          name: 'k3_v4',
          fields: [
            { name: 'key', type: 'int', 'field-id': 3 },
            { name: 'value', type: 'long', 'field-id': 4 },
          ],
        },
      },
      'field-id': 5,
    },
  ],
};

describe('Avro object container', () => {
  for (const codec of ['null', 'deflate', 'snappy'] as const) {
    it(`round-trips records with 63-bit longs (${codec})`, () => {
      const records = [
        { id: 9_223_372_036_854_775_807n, name: 'Thành phố Hồ Chí Minh', counts: [{ key: 1, value: 2n ** 62n }] },
        { id: -5n, name: null, counts: [] },
        ...Array.from({ length: 2500 }, (_, i) => ({ id: BigInt(i), name: `r${i}`, counts: [] })),
      ];
      const schemaJson = JSON.stringify(schema);
      const file = writeAvroContainer({ schemaJson, metadata: { 'format-version': '2' }, records, codec });
      const read = readAvroContainer<(typeof records)[number]>(file);
      expect(read.schemaJson).toBe(schemaJson);
      expect(read.metadata).toEqual({ 'format-version': '2' });
      expect(read.records).toHaveLength(records.length);
      expect({ ...read.records[0] }).toEqual({
        id: 9_223_372_036_854_775_807n,
        name: 'Thành phố Hồ Chí Minh',
        counts: [expect.objectContaining({ key: 1, value: 2n ** 62n })],
      });
      expect(read.records[1]?.name).toBeNull();
      expect(read.records[2501]?.id).toBe(2499n);
    });
  }

  it('keeps field ids in the stored schema verbatim', () => {
    const file = writeAvroContainer({ schemaJson: JSON.stringify(schema), records: [] });
    expect(file.toString('latin1')).toContain('"field-id":5');
    expect(file.subarray(0, 4).toString('latin1')).toBe('Obj\u0001');
  });

  it('rejects files that are not Avro containers', () => {
    expect(() => readAvroContainer(Buffer.from('PAR1'))).toThrow(/Not an Avro/);
  });
});
