import { describe, expect, it } from 'vitest';
import { CopyColumnsDecoder, type CopyKind, unescapeCopyField } from '../../src/extract/copy-text.js';
import type { Utf8Column } from '../../src/iceberg/parquet/utf8-column.js';

/** [what, the field as COPY text, what it decodes to] */
const ESCAPES: [string, string, string][] = [
  ['backspace', 'a\\bb', 'a\bb'],
  ['form feed', 'a\\fb', 'a\fb'],
  ['newline', 'a\\nb', 'a\nb'],
  ['carriage return', 'a\\rb', 'a\rb'],
  ['tab', 'a\\tb', 'a\tb'],
  ['vertical tab', 'a\\vb', 'a\vb'],
  ['backslash', 'a\\\\b', 'a\\b'],
  ['octal escapes of 1 to 3 digits', '\\101\\0618\\7x', 'A18\x07x'],
  ['octal escapes of the bytes of one UTF-8 character', '\\360\\237\\230\\200', '😀'],
  ['hex escapes of 1 and 2 digits', '\\x41\\x4a\\x4Ag\\x9', 'AJJg\t'],
  ['hex escapes of the bytes of one UTF-8 character', '\\xc4\\x91', 'đ'],
  ['\\x without a hex digit is x', '\\xyz', 'xyz'],
  ['any other escaped character is itself', '\\a\\Ñ\\😀', 'aÑ😀'],
  ['a backslash ending the field stays', 'a\\', 'a\\'],
  ['the text \\N (escaped backslash), which is not NULL', '\\\\N', '\\N'],
  ['characters outside the BMP and combining marks, unescaped', '😀 𝄞 Tiếng Việt', '😀 𝄞 Tiếng Việt'],
];

function decode(kind: CopyKind, fields: string[]): unknown[] {
  const decoder = new CopyColumnsDecoder([kind]);
  decoder.write(Buffer.from(`${fields.join('\n')}\n`));
  const column = decoder.take().columns[0] as unknown[] | Utf8Column;
  return Array.isArray(column) ? column : Array.from({ length: column.length }, (_, i) => column.get(i));
}

describe('COPY text format', () => {
  for (const [what, text, decoded] of ESCAPES) {
    it(`decodes ${what}`, () => {
      expect(unescapeCopyField(Buffer.from(text))).toBe(decoded);
      // The same through the columnar decoder, for string columns (UTF-8 bytes) and text ones.
      expect(decode('utf8', [text])).toEqual([decoded]);
      expect(decode('text', [text])).toEqual([decoded]);
    });
  }

  it('reads \\N as NULL and splits fields on raw tabs only', () => {
    const decoder = new CopyColumnsDecoder(['text', 'utf8', 'text']);
    decoder.write(Buffer.from('\\N\ta\\tb\t\\\\N\n'));
    const batch = decoder.take();
    expect(batch.columns[0]).toEqual([null]);
    expect((batch.columns[1] as Utf8Column).get(0)).toBe('a\tb');
    expect(batch.columns[2]).toEqual(['\\N']);
  });

  it('splits rows across chunk borders without breaking UTF-8 characters', () => {
    const text = Buffer.from('1\tHồ Chí Minh\n2\tĐà Nẵng 😀\n');
    for (let cut = 1; cut < text.length; cut++) {
      const decoder = new CopyColumnsDecoder(['int', 'utf8']);
      decoder.write(text.subarray(0, cut));
      decoder.write(text.subarray(cut));
      decoder.end();
      const batch = decoder.take();
      expect(batch.columns[0], `cut at ${cut}`).toEqual([1, 2]);
      const names = batch.columns[1] as Utf8Column;
      expect([names.get(0), names.get(1)], `cut at ${cut}`).toEqual(['Hồ Chí Minh', 'Đà Nẵng 😀']);
    }
  });
});
