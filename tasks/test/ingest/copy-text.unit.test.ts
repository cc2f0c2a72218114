import { describe, expect, it } from 'vitest';
import { copyLines, parseCopyLine, unescapeCopyField } from '../../src/extract/copy-text.js';

describe('COPY text format', () => {
  it('decodes NULL, tabs, newlines and backslashes', () => {
    expect(parseCopyLine('1\t\\N\ta\\tb\\nc\\\\d\tThành phố')).toEqual(['1', null, 'a\tb\nc\\d', 'Thành phố']);
    expect(unescapeCopyField('x\\101y')).toBe('xAy');
  });

  it('splits lines across chunk borders without breaking UTF-8 characters', async () => {
    const text = Buffer.from('1\tHồ Chí Minh\n2\tĐà Nẵng\n');
    const cut = text.indexOf(Buffer.from('ồ')) + 1;
    async function* chunks() {
      yield text.subarray(0, cut);
      yield text.subarray(cut, cut + 7);
      yield text.subarray(cut + 7);
    }
    const lines: string[] = [];
    for await (const line of copyLines(chunks())) lines.push(line);
    expect(lines).toEqual(['1\tHồ Chí Minh', '2\tĐà Nẵng']);
  });
});
