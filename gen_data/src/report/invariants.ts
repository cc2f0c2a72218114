import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';
import { progressLimits } from './progress-limits.js';

const DIR = new URL('../../src/report/invariants/', import.meta.url);

/** What an invariant may take as $1, $2, ...: its file names them in a `-- parameters:` line. */
export interface InvariantParameters {
  /** The simulated window: only the tests know it. */
  window_from?: string;
  window_to?: string;
  /** The longest stays of open processes (progress-limits.ts), as JSON. */
  limits?: string;
}

export interface Invariant {
  /** The file name without its number and extension, e.g. `stock_equals_lots`. */
  name: string;
  sql: string;
  parameters: (keyof InvariantParameters)[];
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
      const declared = /^-- parameters: (.+)$/m.exec(sql)?.[1];
      const parameters = (declared?.split(',').map((p) => p.trim()) ?? []) as Invariant['parameters'];
      return { name: file.replace(/^\d+_|\.sql$/g, ''), sql, parameters };
    });
}

/** The parameters every invariant can have: the window only when the caller knows it. */
export function invariantParameters(window?: Window): InvariantParameters {
  return {
    ...(window ? { window_from: window.from, window_to: window.to } : {}),
    limits: JSON.stringify(progressLimits()),
  };
}

/** The invariant's count, or undefined when it needs a parameter that is not given. */
export async function countViolations(
  client: pg.ClientBase,
  invariant: Invariant,
  parameters: InvariantParameters,
): Promise<number | undefined> {
  const values = invariant.parameters.map((p) => parameters[p]);
  if (values.some((v) => v === undefined)) return undefined;
  const { rows } = await client.query(invariant.sql, values);
  return Number(rows[0].violations);
}

/** Runs every invariant; the time-window check needs the window, and without one it is skipped. */
export async function checkInvariants(client: pg.ClientBase, window?: Window): Promise<InvariantResult[]> {
  const parameters = invariantParameters(window);
  const out: InvariantResult[] = [];
  for (const invariant of invariants()) {
    const violations = await countViolations(client, invariant, parameters);
    if (violations !== undefined) out.push({ name: invariant.name, violations });
  }
  return out;
}
