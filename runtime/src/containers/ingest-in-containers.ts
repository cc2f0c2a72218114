import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '@platform/config';
import { lastLine } from '../child-process.js';
import { tasksImage } from '../images/project-images.js';
import { REPO_ROOT } from '../repo-root.js';
import { runProjectContainer } from './run-container.js';

/** The steps of one table's ingestion, each its own container, as the ingestion DAG's tasks run them. */
export const INGEST_STEPS = ['extract', 'load', 'commit'] as const;

export interface TableIngestion {
  table: string;
  /** The last stdout line of each step, parsed (what Airflow keeps as XCom). */
  results: Record<string, unknown>[];
}

/** The tables of the registry the tasks image carries (iceberg/table-registry.json), in its order. */
export function registryTables(): string[] {
  const registry = JSON.parse(readFileSync(join(REPO_ROOT, 'iceberg', 'table-registry.json'), 'utf8')) as {
    tables: { name: string }[];
  };
  return registry.tables.map((t) => t.name);
}

/**
 * extract, load and commit of one table under one run id, one container each; the first failure
 * ends it. `env` is what the containers' settings are resolved from.
 */
export async function ingestTable(
  settings: Settings,
  table: string,
  runId: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TableIngestion> {
  const results: Record<string, unknown>[] = [];
  for (const step of INGEST_STEPS) {
    results.push(await tasksStep(settings, [step, '--table', table, '--run-id', runId], env));
  }
  return { table, results };
}

/** One tasks container; its JSON result (the last stdout line), or an error naming the command. */
async function tasksStep(
  settings: Settings,
  command: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, unknown>> {
  const { code, stdout, stderr } = await runProjectContainer(settings, tasksImage, command, { stdio: 'pipe', env });
  if (code !== 0) throw new Error(`${command.join(' ')} exited ${code}: ${lastLine(stderr)}`);
  return JSON.parse(lastLine(stdout)) as Record<string, unknown>;
}

/**
 * Every table of the registry, `concurrency` tables at a time (each table's steps in order), then
 * `confirm` (the change-capture slot may let go of the WAL every table now holds) and `reconcile
 * --all`: the ingestion DAG's work with the commands its DockerOperator tasks run.
 */
export async function ingestAllInContainers(
  settings: Settings,
  runId: string,
  concurrency: number,
  log: (m: string) => void,
): Promise<TableIngestion[]> {
  const queue = registryTables();
  const done: TableIngestion[] = [];
  const worker = async () => {
    for (let table = queue.shift(); table !== undefined; table = queue.shift()) {
      const ingestion = await ingestTable(settings, table, runId);
      const commit = ingestion.results.at(-1) ?? {};
      log(`${table}: ${String(commit.status)} ${String(commit.records)} records`);
      done.push(ingestion);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await tasksStep(settings, ['confirm']);
  // Exits 3 (thrown here) naming the tables that differ.
  const reconciled = (await tasksStep(settings, ['reconcile', '--all'])) as { tables: unknown[] };
  log(`reconcile: all ${reconciled.tables.length} tables equal to the source`);
  return done;
}
