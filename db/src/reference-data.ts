import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PostgresLogin } from '@platform/config';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { withClient } from './postgres-client.js';

export interface ReferenceTable {
  table: string;
  columns: string[];
  rows: Record<string, string | null>[];
}

/** Parses one reference CSV: header row = column names, empty field = NULL. */
export function parseReferenceCsv(table: string, text: string): ReferenceTable {
  const records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  const [header, ...body] = records;
  if (!header || header.length === 0) throw new Error(`reference file ${table}.csv has no header row`);
  const rows = body.map((values, index) => {
    if (values.length !== header.length) {
      throw new Error(
        `reference file ${table}.csv line ${index + 2}: ${values.length} fields, header has ${header.length}`,
      );
    }
    return Object.fromEntries(header.map((column, i) => [column, values[i] === '' ? null : values[i]]));
  }) as Record<string, string | null>[];
  return { table, columns: header, rows };
}

export function readReferenceDir(dir: string): ReferenceTable[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { tables: string[] };
  return manifest.tables.map((table) => parseReferenceCsv(table, readFileSync(join(dir, `${table}.csv`), 'utf8')));
}

/** The upsert for one table: keyed on its first column, every other column overwritten. */
export function upsertStatement(table: string, columns: string[]): string {
  const [key, ...rest] = columns.map((c) => pg.escapeIdentifier(c));
  const target = `oltp.${pg.escapeIdentifier(table)}`;
  const list = [key, ...rest].join(', ');
  // Only rows that really differ are updated: a no-op UPDATE still writes a new row version (new
  // xmin), which incremental ingestion would rightly treat as a change.
  const distinct = `(${rest.map((c) => `${target}.${c}`).join(', ')}) IS DISTINCT FROM (${rest.map((c) => `EXCLUDED.${c}`).join(', ')})`;
  const update = rest.length
    ? `DO UPDATE SET ${rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ')} WHERE ${distinct}`
    : 'DO NOTHING';
  // json_populate_recordset casts each text value with the column's own input function, so the
  // CSV's decimal strings reach NUMERIC columns exactly.
  return `INSERT INTO ${target} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${target}, $1::json) ON CONFLICT (${key}) ${update}`;
}

/** Loads every reference table in one transaction: either all of it lands or none. */
export async function loadReferenceData(login: PostgresLogin, dir: string): Promise<Record<string, number>> {
  const tables = readReferenceDir(dir);
  return withClient(login, async (client) => {
    const counts: Record<string, number> = {};
    await client.query('BEGIN');
    try {
      for (const { table, columns, rows } of tables) {
        await client.query(upsertStatement(table, columns), [JSON.stringify(rows)]);
        counts[table] = rows.length;
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new Error(`loading reference data failed: ${(error as Error).message}`);
    }
    return counts;
  });
}
