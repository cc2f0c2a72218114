import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Json } from './lake.js';

/**
 * The oracle: every gold KPI computed again, straight from PostgreSQL, by the independent SQL in
 * spark/test/oracle/, and compared row by row with the mart: counts and sums exactly, ratios and
 * averages (float8 in the oracle) within 1e-9.
 */

const ORACLE_DIR = new URL('../oracle/', import.meta.url);
const FLOAT8 = 701;
const DATE = 1082;
const INT8 = 20;

/** Whole-line comments removed first: they may name the placeholder they explain. */
export function oracleSql(mart: string): string {
  const text = readFileSync(new URL(`${mart}.sql`, ORACLE_DIR), 'utf8').replace(/^\s*--.*$/gm, '');
  return text.replace('{fraud_scores}', () => oracleSql('fraud_scores'));
}

export interface OracleRows {
  rows: Json[];
  floats: Set<string>;
}

/** Dates as text, 64-bit counts as numbers, numerics as exact text. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE) return (v: string) => v;
    if (oid === INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export async function oracle(client: pg.Client, mart: string): Promise<OracleRows> {
  const result = await client.query({ text: oracleSql(mart), types });
  return {
    rows: result.rows as Json[],
    floats: new Set(result.fields.filter((f) => f.dataTypeID === FLOAT8).map((f) => f.name)),
  };
}

/** Exact numbers as text without trailing zeros, so `12.50` (numeric) equals `12.5` and `12`. */
export function canonicalDecimal(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) {
    const [whole, fraction = ''] = value.split('.');
    const kept = fraction.replace(/0+$/, '');
    return kept ? `${whole}.${kept}` : whole;
  }
  return value;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Differences between a mart and its oracle, as readable lines (empty when they agree). */
export function differences(mart: string, gold: Json[], expected: OracleRows, grain: string[]): string[] {
  const keyOf = (row: Json) => JSON.stringify(grain.map((g) => canonicalDecimal(row[g])));
  const golden = new Map(gold.map((r) => [keyOf(r), r]));
  const problems: string[] = [];
  if (golden.size !== gold.length) problems.push(`${mart}: grain ${grain.join(', ')} is not unique in gold`);
  for (const want of expected.rows) {
    const key = keyOf(want);
    const got = golden.get(key);
    golden.delete(key);
    if (!got) {
      problems.push(`${mart} ${key}: missing in gold`);
      continue;
    }
    for (const [column, value] of Object.entries(want)) {
      const actual = got[column];
      const same =
        value === null || actual === null || actual === undefined
          ? value === actual || (value === null && actual === undefined)
          : expected.floats.has(column)
            ? close(Number(actual), Number(value))
            : canonicalDecimal(actual) === canonicalDecimal(value);
      if (!same) problems.push(`${mart} ${key} ${column}: gold ${String(actual)}, source ${String(value)}`);
    }
  }
  for (const key of golden.keys()) problems.push(`${mart} ${key}: in gold, not in the source`);
  return problems;
}
