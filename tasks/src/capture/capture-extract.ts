import { loadSettings, postgresLogin, type Settings } from '@platform/config';
import type pg from 'pg';
import { copyTextBatches } from '../extract/copy-row-source.js';
import { writeRowBatches } from '../extract/data-file-sink.js';
import {
  type ExtractResult,
  type ExtractStart,
  extractInSnapshot,
  extractionOf,
  finishExtract,
  newRunId,
  startExtract,
} from '../extract/extract-table.js';
import { specFor } from '../extract/extraction-plan.js';
import { BATCH_ID, INGESTED_AT, planRawSchema } from '../extract/raw-table-schema.js';
import { readSourceColumns } from '../extract/source-columns.js';
import { faultPoint } from '../fault-points.js';
import { dataFileToJson } from '../handoff/data-file-json.js';
import { validateRunId } from '../handoff/run-artifacts.js';
import type { StepOutput } from '../handoff/step-output.js';
import type { Catalog } from '../iceberg/catalog/catalog.js';
import { toIcebergValue } from '../iceberg/parquet/value-conversion.js';
import { currentSchema } from '../iceberg/table-metadata.js';
import { committedState } from '../incremental/committed-state.js';
import { withCatalog } from '../lake/platform-catalog.js';
import { loadRegistry, type TableRegistry } from '../registry/table-registry.js';
import { TableChanges } from './change-staging.js';
import { withExportedSnapshot } from './initial-copy.js';
import { formatLsn, lowestLsn, parseLsn } from './lsn.js';
import { connectCapture, ensureSlot, slotName } from './replication-slot.js';
import { peekChanges } from './slot-reader.js';

export interface CaptureOptions {
  tables: string[];
  runId?: string;
  maxRowsPerFile?: number;
  rowGroupSize?: number;
  settings?: Settings;
}

const resnapshotHint = (table: string) => `re-snapshot with \`node tasks/dist/cli.js resnapshot --table ${table}\``;

/**
 * Change capture's extract (docs/ingestion.md, "Change capture"), for one table or several in one
 * read of the slot: a table not yet in change capture is copied in a slot's exported snapshot
 * (its first load, or its move from the cursor mode); the others get every change of theirs that
 * committed between their committed LSN and a fixed upper LSN, read once from the shared slot
 * without consuming it. Each table's files and hand-off go where the cursor mode's go; load and
 * commit are the same.
 */
export async function captureExtract(
  options: CaptureOptions,
): Promise<{ result: ExtractResult; output: StepOutput }[]> {
  const settings = options.settings ?? loadSettings();
  const registry = loadRegistry();
  const runId = validateRunId(options.runId ?? newRunId());
  const login = postgresLogin(settings, 'oltpReplication', settings.postgres.databases.oltp);
  return withCatalog(settings, async (catalog) => {
    const starts: ExtractStart[] = [];
    for (const table of options.tables) starts.push(await startExtract(catalog, settings, registry, table, runId));
    const pending = starts.filter((s) => !s.done);
    const streaming = pending.filter((s) => committedState(s.metadata).lsn);
    const copying = pending.filter((s) => !committedState(s.metadata).lsn);
    const results = new Map<ExtractStart, ExtractResult>();
    const client = connectCapture(login);
    await client.connect();
    try {
      await client.query("SET TimeZone = 'UTC'");
      const from = streaming.length
        ? lowestLsn(streaming.map((s) => parseLsn(committedState(s.metadata).lsn as string)))
        : undefined;
      // Before any copy: the shared slot must hold every change after the copies' snapshots.
      await ensureSlot(client, slotName(settings), from);
      for (const start of copying) {
        const run = extractionOf(catalog, registry, start, runId, { ...options, table: start.entry.name });
        const result = await withExportedSnapshot(login, start.entry.name, (source, lsn) =>
          extractInSnapshot(catalog, { ...run, captureLsn: formatLsn(lsn) }, source),
        );
        results.set(start, result);
      }
      if (streaming.length) {
        for (const [start, result] of await streamChanges(
          catalog,
          client,
          settings,
          registry,
          streaming,
          runId,
          options,
        )) {
          results.set(start, result);
        }
      }
    } finally {
      await client.end();
    }
    await faultPoint('extract.after-upload');
    const out: { result: ExtractResult; output: StepOutput }[] = [];
    for (const start of starts) {
      out.push(start.done ?? (await finishExtract(catalog, start, results.get(start) as ExtractResult)));
    }
    return out;
  });
}

async function streamChanges(
  catalog: Catalog,
  client: pg.Client,
  settings: Settings,
  registry: TableRegistry,
  starts: ExtractStart[],
  runId: string,
  options: CaptureOptions,
): Promise<Map<ExtractStart, ExtractResult>> {
  const ingestedAt = new Date().toISOString();
  // Fixed before reading: every transaction that committed before it is read, none after.
  const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_flush_lsn()::text AS lsn');
  const upto = parseLsn((rows[0] as { lsn: string }).lsn);
  const staged = new Map<
    string,
    { start: ExtractStart; changes: TableChanges; plan: ReturnType<typeof planRawSchema> }
  >();
  for (const start of starts) {
    const columns = await readSourceColumns(client, registry.sourceSchema, start.entry.name);
    const metadata = start.metadata;
    const plan = planRawSchema(
      columns,
      metadata ? { schema: currentSchema(metadata), lastColumnId: metadata['last-column-id'] } : undefined,
    );
    const fromLsn = parseLsn(committedState(metadata).lsn as string);
    staged.set(start.entry.name, {
      start,
      changes: new TableChanges(start.entry, columns, plan.schema, fromLsn),
      plan,
    });
  }
  for await (const change of peekChanges(client, slotName(settings), upto, resnapshotHint)) {
    if (change.namespace === registry.sourceSchema) staged.get(change.table)?.changes.add(change);
  }
  for (const { changes } of staged.values()) await changes.resolveGenerated(client, registry.sourceSchema);
  await faultPoint('capture.after-read');
  const results = new Map<ExtractStart, ExtractResult>();
  const rowGroupSize = options.rowGroupSize ?? 64 * 1024;
  for (const { start, changes, plan } of staged.values()) {
    const previousState = committedState(start.metadata);
    const spec = specFor(start.entry, plan.schema, start.metadata);
    const constants = new Map<string, unknown>([
      [INGESTED_AT, toIcebergValue('timestamptz', ingestedAt)],
      [BATCH_ID, runId],
    ]);
    const files = await writeRowBatches(
      {
        io: catalog.io,
        location: start.metadata?.location ?? catalog.tableLocation(start.id),
        runId,
        schema: plan.schema,
        spec,
        rowGroupSize,
        sources: changes.sources(plan.schema, constants),
      },
      copyTextBatches(changes.chunks(), changes.fields, Math.min(rowGroupSize, 8192)),
      options.maxRowsPerFile ?? 1_000_000,
    );
    // A table copied after `upto` was fixed (none in one run) must not move back.
    let next = upto;
    const fromLsn = parseLsn(previousState.lsn as string);
    if (next < fromLsn) next = fromLsn;
    results.set(start, {
      step: 'extract',
      runId,
      namespace: start.id.namespace,
      table: start.id.name,
      source: `${registry.sourceSchema}.${start.entry.name}`,
      schema: plan.schema,
      lastColumnId: plan.lastColumnId,
      addedColumns: plan.added,
      spec,
      files: files.map(dataFileToJson),
      records: changes.records,
      previousState,
      // The cursor state stays as the last copy left it: only the LSN moves in change capture.
      state: { ...previousState, lsn: formatLsn(next) },
      extractedAt: ingestedAt,
      alreadyCommitted: false,
    });
  }
  return results;
}
