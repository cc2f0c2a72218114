#!/usr/bin/env node
import { randomUUID } from 'node:crypto';
import { runCli, UsageError } from '@platform/config';
import { Command } from 'commander';
import { captureExtract } from './capture/capture-extract.js';
import { confirmSlot } from './capture/confirm-slot.js';
import { resnapshot } from './capture/resnapshot.js';
import { commitTable } from './commit/commit-table.js';
import { ReconcileError } from './errors.js';
import { extractTable } from './extract/extract-table.js';
import { FAULT_PAUSE_VARIABLE, parseFaultPauses } from './fault-points.js';
import type { StepOutput } from './handoff/step-output.js';
import { loadTable } from './load/load-table.js';
import { describeDrift, reconcileTables } from './reconcile/reconcile-table.js';
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

type Mode = 'capture' | 'cursor';

function parseMode(mode: string): Mode {
  if (mode !== 'capture' && mode !== 'cursor') throw new UsageError(`--mode must be capture or cursor, got "${mode}"`);
  return mode;
}

/** --table NAME or --all, as registry table names. */
function selectTables(o: { table?: string; all?: boolean }): string[] {
  if (!o.table === !o.all) throw new UsageError('give exactly one of --table NAME or --all');
  const registry = loadRegistry();
  return o.all ? registry.tables.map((t) => t.name) : [tableEntry(registry, o.table as string).name];
}

async function extract(tables: string[], runId: string, mode: Mode): Promise<StepOutput[]> {
  if (mode === 'capture') return (await captureExtract({ tables, runId })).map((r) => r.output);
  const outputs: StepOutput[] = [];
  for (const table of tables) outputs.push((await extractTable({ table, runId })).output);
  return outputs;
}

const program = new Command('tasks')
  .description('PostgreSQL -> Iceberg ingestion: extract, load and commit one table incrementally, exactly once')
  // A malformed fault pause is refused before any work, not at the first point it names.
  .hook('preAction', () => void parseFaultPauses(process.env[FAULT_PAUSE_VARIABLE]));

const tableOption = ['--table <name>', 'table from iceberg/table-registry.json'] as const;
const allOption = ['--all', 'every table in the registry'] as const;
const runOption = ['--run-id <id>', 'identifies one ingestion of one table across its three steps'] as const;
const modeOption = [
  '--mode <mode>',
  'capture (logical replication, the default) or cursor (updated_at watermark)',
  'capture',
] as const;

program
  .command('extract')
  .description("extract the row versions committed since the table's committed state into Parquet files")
  .option(...tableOption)
  .option(...allOption)
  .option(...runOption)
  .option(...modeOption)
  .action(async (o: { table?: string; all?: boolean; runId?: string; mode: string }) => {
    const mode = parseMode(o.mode);
    const outputs = await extract(selectTables(o), o.runId ?? newRunId(), mode);
    emit(o.all ? { step: 'extract', tables: outputs } : outputs[0]);
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
  .description('extract, load and commit in one process, for one table or all of them (then confirm the slot)')
  .option(...tableOption)
  .option(...allOption)
  .option(...runOption)
  .option(...modeOption)
  .action(async (o: { table?: string; all?: boolean; runId?: string; mode: string }) => {
    const mode = parseMode(o.mode);
    const tables = selectTables(o);
    const runId = o.runId ?? newRunId();
    const results: StepOutput[] = [];
    for (const extracted of await extract(tables, runId, mode)) {
      const table = extracted.table;
      log(`${table}: extracted ${extracted.records} row versions into ${extracted.files} files`);
      await loadTable({ table, runId });
      const committed = await commitTable({ table, runId });
      log(`${table}: ${String(committed.output.status)}`);
      results.push(committed.output);
    }
    if (mode === 'capture') log(`slot: ${JSON.stringify(await confirmSlot())}`);
    emit(o.all ? { step: 'ingest', run_id: runId, tables: results } : results[0]);
  });

program
  .command('confirm')
  .description('advance the replication slot to the lowest LSN every table in change capture has committed')
  .action(async () => emit(await confirmSlot()));

program
  .command('reconcile')
  .description('compare source and lake: live keys after deletes, and a hash over key and version column')
  .option(...tableOption)
  .option(...allOption)
  .action(async (o: { table?: string; all?: boolean }) => {
    const results = await reconcileTables(selectTables(o));
    emit(o.all ? { step: 'reconcile', tables: results } : results[0]);
    const drift = results.filter((r) => !r.equal);
    if (drift.length) {
      // Drift that change capture cannot heal by itself (rows the cursor mode missed, deletes it never saw).
      const heal = drift.map((r) => `node tasks/dist/cli.js resnapshot --table ${r.table}`).join(', ');
      throw new ReconcileError(`${drift.map(describeDrift).join('; ')}; re-copy with ${heal} (docs/ingestion.md)`);
    }
  });

program
  .command('resnapshot')
  .description('forget tables (or all and the slot) so the next ingest copies them again from a new snapshot')
  .option(...tableOption)
  .option(...allOption)
  .action(async (o: { table?: string; all?: boolean }) => {
    emit(await resnapshot(selectTables(o), Boolean(o.all)));
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
