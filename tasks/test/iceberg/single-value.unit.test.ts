import { describe, expect, it } from 'vitest';
import { bytesToDecimal, compareStrings, decimalToBytes, fromBytes, toBytes } from '../../src/iceberg/single-value.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('Appendix D single-value serialization', () => {
  it('writes decimals as minimal two-complement big-endian unscaled values', () => {
    // 1234.56 at scale 2 is unscaled 123456 = 0x01E240.
    expect(hex(toBytes('decimal(16, 2)', 123456n))).toBe('01e240');
    expect(hex(decimalToBytes(0n))).toBe('00');
    expect(hex(decimalToBytes(127n))).toBe('7f');
    expect(hex(decimalToBytes(128n))).toBe('0080');
    expect(hex(decimalToBytes(-1n))).toBe('ff');
    expect(hex(decimalToBytes(-128n))).toBe('80');
    expect(hex(decimalToBytes(-129n))).toBe('ff7f');
    expect(hex(decimalToBytes(-123456n))).toBe('fe1dc0');
    for (const v of [0n, 1n, -1n, 123456n, -123456n, 10n ** 37n, -(10n ** 37n)]) {
      expect(bytesToDecimal(decimalToBytes(v))).toBe(v);
    }
  });

  it('writes ints, dates, longs and timestamps little-endian', () => {
    expect(hex(toBytes('int', 1))).toBe('01000000');
    expect(hex(toBytes('int', -2))).toBe('feffffff');
    expect(hex(toBytes('date', 19_723))).toBe('0b4d0000');
    expect(hex(toBytes('long', 1n))).toBe('0100000000000000');
    expect(hex(toBytes('timestamptz', 1_700_000_000_000_000n))).toBe('00401e18240a0600');
    expect(fromBytes('timestamptz', toBytes('timestamptz', 1_700_000_000_000_123n))).toBe(1_700_000_000_000_123n);
  });

  it('writes floats, doubles, booleans, strings and uuids', () => {
    expect(hex(toBytes('float', 1))).toBe('0000803f');
    expect(hex(toBytes('double', 1))).toBe('000000000000f03f');
    expect(hex(toBytes('boolean', true))).toBe('01');
    expect(hex(toBytes('boolean', false))).toBe('00');
    expect(toBytes('string', 'Thành phố Hồ Chí Minh').toString('utf8')).toBe('Thành phố Hồ Chí Minh');
    expect(hex(toBytes('string', 'ồ'))).toBe('e1bb93');
    expect(hex(toBytes('uuid', 'f79c3e09-677c-4bbd-a479-3f349cb785e7'))).toBe('f79c3e09677c4bbda4793f349cb785e7');
    expect(fromBytes('uuid', toBytes('uuid', 'f79c3e09-677c-4bbd-a479-3f349cb785e7'))).toBe(
      'f79c3e09-677c-4bbd-a479-3f349cb785e7',
    );
  });

  it('orders strings by UTF-8 bytes, not UTF-16 code units', () => {
    const astral = '\u{1F600}'; // U+1F600 encodes as 4 UTF-8 bytes starting 0xF0
    const bmpHigh = '\uFF21'; // U+FF21 encodes as 0xEF 0xBC 0xA1
    expect(astral < bmpHigh).toBe(true); // JS disagrees with Iceberg here
    expect(compareStrings(astral, bmpHigh)).toBeGreaterThan(0);
    expect(Buffer.compare(Buffer.from(astral), Buffer.from(bmpHigh))).toBeGreaterThan(0);
    expect(compareStrings('a', 'ab')).toBeLessThan(0);
    expect(compareStrings('Hà Nội', 'Hồ Chí Minh')).toBe(
      Buffer.compare(Buffer.from('Hà Nội'), Buffer.from('Hồ Chí Minh')),
    );
  });
});
