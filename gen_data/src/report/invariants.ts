import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

const DIR = new URL('../../src/report/invariants/', import.meta.url);

export interface InvariantResult {
  name: string;
  violations: number;
}

/**
 * Runs every invariant in report/invariants/*.sql (each returns one `violations` count). The
 * time-window check needs the window; without one it is skipped.
 */
export async function checkInvariants(
  client: pg.ClientBase,
  window?: { from: string; to: string },
): Promise<InvariantResult[]> {
  const out: InvariantResult[] = [];
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    const sql = readFileSync(new URL(file, DIR), 'utf8');
    const needsWindow = sql.includes('$1');
    if (needsWindow && !window) continue;
    const { rows } = await client.query(sql, needsWindow && window ? [window.from, window.to] : []);
    out.push({ name: file.replace(/^\d+_|\.sql$/g, ''), violations: Number(rows[0].violations) });
  }
  return out;
}
