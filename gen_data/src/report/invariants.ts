import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

const DIR = new URL('../../src/report/invariants/', import.meta.url);

export interface Invariant {
  /** The file name without its number and extension, e.g. `stock_equals_lots`. */
  name: string;
  sql: string;
  /** Takes the simulated window as $1, $2: only the tests know it. */
  needsWindow: boolean;
}

export interface InvariantResult {
  name: string;
  violations: number;
}

export interface Window {
  from: string;
  to: string;
}

/** Every invariant of report/invariants/*.sql (each returns one `violations` count), in file order. */
export function invariants(): Invariant[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const sql = readFileSync(new URL(file, DIR), 'utf8');
      return { name: file.replace(/^\d+_|\.sql$/g, ''), sql, needsWindow: sql.includes('$1') };
    });
}

export async function countViolations(client: pg.ClientBase, invariant: Invariant, window?: Window): Promise<number> {
  const { rows } = await client.query(invariant.sql, invariant.needsWindow && window ? [window.from, window.to] : []);
  return Number(rows[0].violations);
}

/** Runs every invariant; the time-window check needs the window, and without one it is skipped. */
export async function checkInvariants(client: pg.ClientBase, window?: Window): Promise<InvariantResult[]> {
  const out: InvariantResult[] = [];
  for (const invariant of invariants()) {
    if (invariant.needsWindow && !window) continue;
    out.push({ name: invariant.name, violations: await countViolations(client, invariant, window) });
  }
  return out;
}
