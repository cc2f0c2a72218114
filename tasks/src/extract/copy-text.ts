/**
 * PostgreSQL COPY ... TO STDOUT text format, decoded. Rows end with a raw newline (newlines inside
 * values are escaped), fields are tab-separated, NULL is `\N`, and backslash escapes cover the rest.
 */

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

export function unescapeCopyField(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = raw[i + 1] ?? '';
    if (next in ESCAPES) {
      out += ESCAPES[next];
      i += 1;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(raw.slice(i + 1))?.[0] as string;
      out += String.fromCharCode(Number.parseInt(digits, 8));
      i += digits.length;
    } else if (next === 'x') {
      const digits = /^[0-9a-fA-F]{1,2}/.exec(raw.slice(i + 2))?.[0] ?? '';
      out += String.fromCharCode(Number.parseInt(digits, 16));
      i += 1 + digits.length;
    } else {
      out += next;
      i += 1;
    }
  }
  return out;
}

/** Splits one COPY text line into fields; `null` for SQL NULL. */
export function parseCopyLine(line: string): (string | null)[] {
  return line.split('\t').map((field) => (field === '\\N' ? null : unescapeCopyField(field)));
}

/**
 * Turns a stream of COPY output chunks into lines, without splitting a multi-byte UTF-8 character
 * (chunks are cut at arbitrary bytes; only the byte 0x0A is a row boundary).
 */
export async function* copyLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let end = buffer.indexOf(10, start); end !== -1; end = buffer.indexOf(10, start)) {
      yield buffer.toString('utf8', start, end);
      start = end + 1;
    }
    carry = buffer.subarray(start);
  }
  if (carry.length) yield carry.toString('utf8');
}
