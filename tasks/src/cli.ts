#!/usr/bin/env node
import { randomUUID } from 'node:crypto';
import { runCli, UsageError } from '@platform/config';
import { Command } from 'commander';
import { commitTable } from './commit/commit-table.js';
import { extractTable } from './extract/extract-table.js';
import { FAULT_PAUSE_VARIABLE, parseFaultPauses } from './fault-points.js';
import type { StepOutput } from './handoff/step-output.js';
import { loadTable } from './load/load-table.js';
import { loadRegistry, tableEntry } from './registry/table-registry.js';
import { formatStatusTable, tableStatus } from './status/table-status.js';

function log(message: string): void {
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), message })}\n`);
}

/** XCom reads the last line of stdout: every command ends with exactly one JSON line. */
function emit(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function newRunId(): string {
  return `manual-${new Date().toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`;
}

async function ingestOne(table: string, runId: string): Promise<StepOutput> {
  const extracted = await extractTable({ table, runId });
  log(`${table}: extracted ${extracted.output.records} row versions into ${extracted.output.files} files`);
  await loadTable({ table, runId });
  const committed = await commitTable({ table, runId });
  log(`${table}: ${String(committed.output.status)}`);
  return committed.output;
}

const program = new Command('tasks')
  .description('PostgreSQL -> Iceberg ingestion: extract, load and commit one table incrementally, exactly once')
  // A malformed fault pause is refused before any work, not at the first point it names.
  .hook('preAction', () => void parseFaultPauses(process.env[FAULT_PAUSE_VARIABLE]));

const tableOption = ['--table <name>', 'table from iceberg/table-registry.json'] as const;
const runOption = ['--run-id <id>', 'identifies one ingestion of one table across its three steps'] as const;

program
  .command('extract')
  .description('extract row versions changed since the committed watermark into Parquet files')
  .requiredOption(...tableOption)
  .option(...runOption)
  .action(async (o: { table: string; runId?: string }) => {
    tableEntry(loadRegistry(), o.table);
    emit((await extractTable({ table: o.table, runId: o.runId ?? newRunId() })).output);
  });

program
  .command('load')
  .description("create or evolve the Iceberg table, validate extract's files and write their manifest")
  .requiredOption(...tableOption)
  .requiredOption(...runOption)
  .action(async (o: { table: string; runId: string }) => {
    tableEntry(loadRegistry(), o.table);
    emit((await loadTable(o)).output);
  });

program
  .command('commit')
  .description('commit the loaded files and the new watermark as one snapshot (a repeated run id is a no-op)')
  .requiredOption(...tableOption)
  .requiredOption(...runOption)
  .action(async (o: { table: string; runId: string }) => {
    tableEntry(loadRegistry(), o.table);
    emit((await commitTable(o)).output);
  });

program
  .command('ingest')
  .description('extract, load and commit in one process, for one table or all of them')
  .option(...tableOption)
  .option('--all', 'every table in the registry, one after another')
  .option(...runOption)
  .action(async (o: { table?: string; all?: boolean; runId?: string }) => {
    if (!o.table === !o.all) throw new UsageError('give exactly one of --table NAME or --all');
    const registry = loadRegistry();
    const tables = o.all ? registry.tables.map((t) => t.name) : [tableEntry(registry, o.table as string).name];
    const runId = o.runId ?? newRunId();
    const results: StepOutput[] = [];
    for (const table of tables) results.push(await ingestOne(table, runId));
    emit(o.all ? { step: 'ingest', run_id: runId, tables: results } : results[0]);
  });

program
  .command('status')
  .description('per table: current snapshot, watermark, row and file counts')
  .option('--table <name...>', 'only these tables')
  .option('--format <format>', 'json (one line, the default) or table', 'json')
  .action(async (o: { table?: string[]; format: string }) => {
    if (o.format !== 'json' && o.format !== 'table') {
      throw new UsageError(`--format must be json or table, got "${o.format}"`);
    }
    const registry = loadRegistry();
    for (const name of o.table ?? []) tableEntry(registry, name);
    const rows = await tableStatus(o.table);
    if (o.format === 'table') process.stdout.write(`${formatStatusTable(rows)}\n`);
    else emit(rows);
  });

await runCli(program);
