import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { resolveEnvironment } from '@platform/config';

/**
 * The other engines as readers of what the TypeScript writer commits: Spark and PyIceberg,
 * started with the platform's resolved settings (Python reads nothing else).
 */

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PYTHON_SH = join(ROOT, 'scripts', 'python.sh');
const PYICEBERG_READER = join(ROOT, 'tests', 'readers', 'read_with_pyiceberg.py');
const SPARK_READER = join(ROOT, 'tests', 'readers', 'read_with_spark.py');

export type Json = Record<string, unknown>;

/** The environment a Python process gets: `env` with every setting resolved as TypeScript resolves it. */
export function pythonEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, ...resolveEnvironment(env) };
}

export interface PyIcebergRead {
  format_version: number;
  schema: { id: number; name: string; type: string }[];
  snapshots: {
    snapshot_id: string;
    parent_snapshot_id: string | null;
    sequence_number: number;
    summary: Record<string, string> | null;
    manifests: string[];
  }[];
  files_scanned: number;
  rows: Json[];
}

/**
 * Each `namespace.table` read through PyIceberg, optionally with a row filter (PyIceberg's syntax),
 * all in one Python process.
 */
export async function readWithPyIceberg(
  env: NodeJS.ProcessEnv,
  reads: { table: string; filter?: string }[],
): Promise<PyIcebergRead[]> {
  const pyEnv = pythonEnvironment(env);
  const { stdout: venv } = await run('bash', [PYTHON_SH, 'venv-path', 'spark'], { env: pyEnv, timeout: 300_000 });
  const args = reads.map((r) => (r.filter ? `${r.table}::${r.filter}` : r.table));
  const { stdout } = await run(join(venv.trim(), 'bin', 'python'), [PYICEBERG_READER, ...args], {
    env: pyEnv,
    timeout: 300_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as PyIcebergRead);
}

/** One table read through PyIceberg. */
export async function readTableWithPyIceberg(env: NodeJS.ProcessEnv, table: string): Promise<PyIcebergRead> {
  return (await readWithPyIceberg(env, [{ table }]))[0] as PyIcebergRead;
}

/**
 * One Spark session: runs `sql` (e.g. maintenance procedures), then reads every table of
 * `tables` (`namespace.table`) and the rows of every query of `queries`.
 */
export async function readWithSpark(
  env: NodeJS.ProcessEnv,
  tables: string[],
  options: { sql?: string[]; queries?: string[] } = {},
): Promise<{ tables: Map<string, Json[]>; queries: Json[][] }> {
  const args = [
    SPARK_READER,
    ...tables,
    ...(options.sql ?? []).flatMap((s) => ['--sql', s]),
    ...(options.queries ?? []).flatMap((q) => ['--query', q]),
  ];
  const { stdout } = await run('bash', [PYTHON_SH, 'spark', ...args], {
    env: pythonEnvironment(env),
    // Starting Spark takes minutes on a loaded two-core machine.
    timeout: 600_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const out = {
    tables: new Map<string, Json[]>(tables.map((t) => [t, []])),
    queries: (options.queries ?? []).map(() => [] as Json[]),
  };
  for (const line of stdout.trim().split('\n')) {
    if (!line) continue;
    const parsed = JSON.parse(line) as { table?: string; query?: number; row: Json };
    if (parsed.table !== undefined) out.tables.get(parsed.table)?.push(parsed.row);
    else out.queries[parsed.query as number]?.push(parsed.row);
  }
  return out;
}
