import { readFileSync } from 'node:fs';
import pg from 'pg';
import { type Json, type Lake, readTables } from './lake.js';

/**
 * The oracle: every gold KPI computed again, straight from PostgreSQL, by the independent SQL in
 * spark/test/oracle/, and compared row by row with the mart: counts and sums exactly, ratios and
 * averages (float8 in the oracle) within 1e-9.
 */

/** Each gold mart and its grain: the columns that identify one of its rows. */
export const GRAIN: Record<string, string[]> = {
  daily_sales: ['business_date', 'channel', 'province'],
  fulfillment: ['partner', 'shipping_method', 'province'],
  inventory: ['product_id', 'warehouse_id'],
  returns: ['category'],
  returns_by_reason: ['reason', 'return_type'],
  customer_cohorts: ['cohort_month', 'month_offset'],
  customer_segments: ['dimension', 'segment'],
  funnel: ['business_date', 'channel'],
  fraud_scores: ['order_id'],
  fraud_quality: [],
};

const ORACLE_DIR = new URL('../oracle/', import.meta.url);
const FLOAT8 = 701;
const DATE = 1082;
const INT8 = 20;

/**
 * A mart's oracle query; `{other}` stands for the oracle query of the mart `other`. Whole-line
 * comments are removed first: they may name the placeholder they explain.
 */
export function oracleSql(mart: string): string {
  const text = readFileSync(new URL(`${mart}.sql`, ORACLE_DIR), 'utf8').replace(/^\s*--.*$/gm, '');
  return text.replace(/\{([a-z_]+)\}/g, (_, other: string) => oracleSql(other));
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

/** Every gold mart of `lake` against its oracle on `source` (the lake's OLTP database). */
export async function goldDifferences(lake: Lake, source: pg.Client): Promise<string[]> {
  const marts = Object.keys(GRAIN);
  const gold = await readTables(
    lake,
    marts.map((m) => `gold.${m}`),
  );
  const problems: string[] = [];
  for (const mart of marts) {
    const rows = gold.get(`gold.${mart}`) as Json[];
    problems.push(...differences(mart, rows, await oracle(source, mart), GRAIN[mart] as string[]));
  }
  return problems;
}
