import type pg from 'pg';
import type { Json } from './lake-readers.js';

/** Any timestamp text, whatever engine printed it, as `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export function canonical(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  const ts = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|\+00:00|\+00)?$/.exec(text);
  if (ts?.[4] !== undefined) return `${ts[1]}T${ts[2]}.${(ts[3] ?? '').padEnd(6, '0')}Z`;
  return text;
}

/** The source rows in the same canonical text the readers' output is brought to, ordered by key. */
export async function pgRows(
  reader: pg.Client,
  table: string,
  key: string | readonly string[],
): Promise<{ columns: string[]; rows: (string | null)[][] }> {
  const cols = await reader.query(
    `SELECT attname, format_type(atttypid, NULL) AS type FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [`oltp.${table}`],
  );
  const select = cols.rows.map(({ attname, type }) =>
    type === 'timestamp with time zone'
      ? `to_char(${attname} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ${attname}`
      : // inet's cast to text adds the /32 that its output (COPY's, and so the lake's) leaves out.
        type === 'inet'
        ? `format('%s', ${attname}) AS ${attname}`
        : `${attname}::text AS ${attname}`,
  );
  const { rows } = await reader.query({
    text: `SELECT ${select.join(', ')} FROM oltp.${table} ORDER BY ${[key].flat().map((k) => `${table}.${k}`)}`,
    rowMode: 'array',
  });
  return {
    columns: cols.rows.map((r) => r.attname as string),
    rows: rows.map((r: unknown[]) => r.map((v) => (v === null ? null : String(v)))),
  };
}

export function inKeyOrder(rows: Json[], columns: string[]): (string | null)[][] {
  return rows.map((r) => columns.map((c) => canonical(r[c]))).sort((a, b) => Number(a[0]) - Number(b[0]));
}

/**
 * Rows of any key, numeric or text, single or composite, in one total order, so that the source's
 * rows and a reader's compare whatever order either engine returned them in.
 */
export function inOneOrder(rows: (string | null)[][]): (string | null)[][] {
  const text = (row: (string | null)[]) => JSON.stringify(row);
  return [...rows].sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

/** A reader's rows as the source columns' canonical text. */
export function asSourceRows(rows: Json[], columns: string[]): (string | null)[][] {
  return rows.map((r) => columns.map((c) => canonical(r[c])));
}
