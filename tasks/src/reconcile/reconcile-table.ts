import { createHash } from 'node:crypto';
import { loadSettings, postgresLogin, type Settings } from '@platform/config';
import pg from 'pg';
import { CHANGE_LSN, CHANGE_SEQ, OPERATION } from '../extract/raw-table-schema.js';
import { withCatalog } from '../lake/platform-catalog.js';
import { loadRegistry, type TableEntry, type TableRegistry, tableEntry } from '../registry/table-registry.js';
import { scanColumns } from './lake-scan.js';

/**
 * Source against lake, per table: the lake's latest version of each key (greatest `_lsn`, then
 * `_seq`) with deletes applied must be exactly the source's rows, compared by key and version
 * column (the registry's cursor: a lost update shows as a different version). Exact when the
 * source is quiet between the last commit and the comparison (the ingestion DAG runs it then).
 */
export interface ReconcileResult {
  table: string;
  equal: boolean;
  source_keys: number;
  lake_keys: number;
  source_hash: string;
  lake_hash: string;
  /** Keys live in the source but not in the lake, live in the lake but not in the source, at another version. */
  missing_in_lake: number;
  extra_in_lake: number;
  version_differs: number;
  /** A few of the differing keys, for the error line. */
  examples: string[];
}

const KEY_SEPARATOR = '|';

/** key -> version text of every live key, from the raw change log's versions. */
function latestLive(
  keys: (string | null)[][],
  version: (string | null)[],
  op: (string | null)[],
  lsn: (string | null)[],
  seq: (string | null)[],
) {
  const latest = new Map<string, { lsn: bigint; seq: bigint; op: string; version: string }>();
  for (let i = 0; i < op.length; i++) {
    const key = keys.map((k) => k[i] ?? '').join(KEY_SEPARATOR);
    const at = { lsn: BigInt(lsn[i] ?? 0), seq: BigInt(seq[i] ?? 0), op: op[i] ?? '', version: version[i] ?? '' };
    const seen = latest.get(key);
    if (!seen || at.lsn > seen.lsn || (at.lsn === seen.lsn && at.seq > seen.seq)) latest.set(key, at);
  }
  const live = new Map<string, string>();
  for (const [key, v] of latest) if (v.op !== 'delete') live.set(key, v.version);
  return live;
}

function digest(rows: Map<string, string>): string {
  const hash = createHash('sha256');
  for (const key of [...rows.keys()].sort()) hash.update(`${key}\t${rows.get(key)}\n`);
  return hash.digest('hex');
}

async function sourceRows(client: pg.Client, registry: TableRegistry, entry: TableEntry): Promise<Map<string, string>> {
  const id = pg.escapeIdentifier;
  const key = entry.primaryKey.map((k) => `${id(k)}::text`).join(` || '${KEY_SEPARATOR}' || `);
  // Microseconds since the epoch, as the lake stores a timestamptz.
  const version = `coalesce((extract(epoch FROM ${id(entry.cursor)}) * 1000000)::bigint::text, '')`;
  const { rows } = await client.query<{ k: string; v: string }>(
    `SELECT ${key} AS k, ${version} AS v FROM ${id(registry.sourceSchema)}.${id(entry.name)}`,
  );
  return new Map(rows.map((r) => [r.k, r.v]));
}

function compare(table: string, source: Map<string, string>, lake: Map<string, string>): ReconcileResult {
  const examples: string[] = [];
  let missing = 0;
  let differs = 0;
  let extra = 0;
  for (const [key, version] of source) {
    const there = lake.get(key);
    if (there === undefined) {
      missing++;
      if (examples.length < 3) examples.push(`${key} missing in lake`);
    } else if (there !== version) {
      differs++;
      if (examples.length < 3) examples.push(`${key} at another version`);
    }
  }
  for (const key of lake.keys()) {
    if (!source.has(key)) {
      extra++;
      if (examples.length < 3) examples.push(`${key} live in lake only`);
    }
  }
  const sourceHash = digest(source);
  const lakeHash = digest(lake);
  return {
    table,
    equal: sourceHash === lakeHash,
    source_keys: source.size,
    lake_keys: lake.size,
    source_hash: sourceHash,
    lake_hash: lakeHash,
    missing_in_lake: missing,
    extra_in_lake: extra,
    version_differs: differs,
    examples,
  };
}

export function describeDrift(r: ReconcileResult): string {
  return `raw.${r.table} differs from the source: ${r.missing_in_lake} keys missing in the lake, ${r.extra_in_lake} live only in the lake, ${r.version_differs} at another version (source ${r.source_keys} keys, lake ${r.lake_keys}; e.g. ${r.examples.join(', ')})`;
}

export async function reconcileTables(
  tables: string[],
  settings: Settings = loadSettings(),
): Promise<ReconcileResult[]> {
  const registry = loadRegistry();
  const client = new pg.Client({
    ...postgresLogin(settings, 'oltpReader', settings.postgres.databases.oltp),
    application_name: 'tasks-reconcile',
  });
  await client.connect();
  try {
    return await withCatalog(settings, async (catalog) => {
      const out: ReconcileResult[] = [];
      for (const name of tables) {
        const entry = tableEntry(registry, name);
        const id = { namespace: registry.targetNamespace, name };
        const source = await sourceRows(client, registry, entry);
        let lake = new Map<string, string>();
        if (await catalog.tableExists(id)) {
          const columns = [...entry.primaryKey, entry.cursor, OPERATION, CHANGE_LSN, CHANGE_SEQ];
          const scanned = await scanColumns(catalog, id, columns);
          const n = entry.primaryKey.length;
          lake = latestLive(
            scanned.slice(0, n),
            scanned[n] as (string | null)[],
            scanned[n + 1] as (string | null)[],
            scanned[n + 2] as (string | null)[],
            scanned[n + 3] as (string | null)[],
          );
        }
        out.push(compare(name, source, lake));
      }
      return out;
    });
  } finally {
    await client.end();
  }
}
