import { randomUUID } from 'node:crypto';
import { loadSettings, postgresLogin, type Settings } from '@platform/config';
import { ModeError } from '../errors.js';
import { faultPoint } from '../fault-points.js';
import { type DataFileJson, dataFileToJson } from '../handoff/data-file-json.js';
import { artifactUri, readArtifact, validateRunId, writeArtifact } from '../handoff/run-artifacts.js';
import type { StepOutput } from '../handoff/step-output.js';
import type { Catalog, TableIdentifier } from '../iceberg/catalog/catalog.js';
import type { PartitionSpec } from '../iceberg/partition-spec.js';
import type { Schema } from '../iceberg/schema.js';
import type { TableMetadata } from '../iceberg/table-metadata.js';
import { committedRunIds, committedState } from '../incremental/committed-state.js';
import type { IngestState } from '../incremental/extraction-window.js';
import { withCatalog } from '../lake/platform-catalog.js';
import { loadRegistry, type TableEntry, type TableRegistry, tableEntry } from '../registry/table-registry.js';
import { CopyRowSource } from './copy-row-source.js';
import { writeRowBatches } from './data-file-sink.js';
import { planExtraction } from './extraction-plan.js';
import { readSourceColumns } from './source-columns.js';
import { type SourceSnapshot, withSourceSnapshot } from './source-snapshot.js';

export interface ExtractOptions {
  table: string;
  runId?: string;
  /** Rows per data file before a new one is started; bounds memory (the file is uploaded whole). */
  maxRowsPerFile?: number;
  rowGroupSize?: number;
  settings?: Settings;
}

/** The hand-off document extract leaves for load (and load for commit, with more fields). */
export interface ExtractResult {
  step: 'extract';
  runId: string;
  namespace: string;
  table: string;
  source: string;
  schema: Schema;
  lastColumnId: number;
  addedColumns: string[];
  spec: PartitionSpec;
  files: DataFileJson[];
  records: number;
  previousState: IngestState;
  state: IngestState;
  extractedAt: string;
  /** True when this run id was already committed: nothing was extracted again. */
  alreadyCommitted: boolean;
}

export interface Extraction {
  registry: TableRegistry;
  entry: TableEntry;
  id: TableIdentifier;
  runId: string;
  metadata: TableMetadata | undefined;
  location: string;
  options: ExtractOptions;
  /** Change capture's first load: the consistent point of the slot whose snapshot this copy reads. */
  captureLsn?: string;
}

/**
 * Reads the changed row versions in the source snapshot and writes them as data files at the
 * table's location: plan (schema, spec, query), then the COPY row source into the data-file writer.
 */
export async function extractInSnapshot(
  catalog: Catalog,
  run: Extraction,
  source: SourceSnapshot,
): Promise<ExtractResult> {
  const { registry, entry, metadata, runId } = run;
  const previousState = committedState(metadata);
  const ingestedAt = new Date().toISOString();
  const columns = await readSourceColumns(source.client, registry.sourceSchema, entry.name);
  const plan = planExtraction({
    registry,
    entry,
    columns,
    metadata,
    previousState,
    snapshot: source,
    runId,
    ingestedAt,
  });
  const rowGroupSize = run.options.rowGroupSize ?? 64 * 1024;
  const rows = new CopyRowSource(source.client, plan.query, plan.fields, {
    batchRows: Math.min(rowGroupSize, 8192),
    cursor: { column: entry.cursor, from: previousState.watermark },
  });
  const files = await writeRowBatches(
    {
      io: catalog.io,
      location: run.location,
      runId,
      schema: plan.schema.schema,
      spec: plan.spec,
      rowGroupSize,
      sources: plan.sources,
    },
    rows.batches(),
    run.options.maxRowsPerFile ?? 1_000_000,
  );
  return {
    step: 'extract',
    runId,
    namespace: run.id.namespace,
    table: run.id.name,
    source: `${registry.sourceSchema}.${entry.name}`,
    schema: plan.schema.schema,
    lastColumnId: plan.schema.lastColumnId,
    addedColumns: plan.schema.added,
    spec: plan.spec,
    files: files.map(dataFileToJson),
    records: files.reduce((n, f) => n + f.recordCount, 0),
    previousState,
    state: {
      watermark: rows.highestCursor ?? previousState.watermark,
      pgSnapshot: source.snapshot,
      lsn: run.captureLsn ?? previousState.lsn,
    },
    extractedAt: ingestedAt,
    alreadyCommitted: false,
  };
}

export function newRunId(): string {
  return `run-${new Date().toISOString().replace(/[-:]/g, '')}-${randomUUID().slice(0, 8)}`;
}

/** One table's extraction so far: what the catalog has, and the result of a run that already committed. */
export interface ExtractStart {
  id: TableIdentifier;
  entry: TableEntry;
  metadata: TableMetadata | undefined;
  resultUri: string;
  output: { step: string; run_id: string; table: string; result: string };
  /** Set when this run id is already in the table's history. */
  done?: { result: ExtractResult; output: StepOutput };
}

export async function startExtract(
  catalog: Catalog,
  settings: Settings,
  registry: TableRegistry,
  table: string,
  runId: string,
): Promise<ExtractStart> {
  const entry = tableEntry(registry, table);
  const id: TableIdentifier = { namespace: registry.targetNamespace, name: entry.name };
  const resultUri = artifactUri(settings.s3.bucket, id.namespace, id.name, runId, 'extract');
  const metadata = (await catalog.tableExists(id)) ? (await catalog.loadTable(id)).metadata : undefined;
  const output = { step: 'extract', run_id: runId, table: id.name, result: resultUri };
  const start: ExtractStart = { id, entry, metadata, resultUri, output };
  if (metadata && committedRunIds(metadata).has(runId)) {
    // A retry after the run committed: extracting again would only produce files nobody commits.
    const result = await readArtifact<ExtractResult>(catalog.io, resultUri);
    start.done = {
      result: { ...result, alreadyCommitted: true },
      output: { ...output, records: 0, files: 0, already_committed: true },
    };
  }
  return start;
}

/** What extractInSnapshot needs to know about the run and the table. */
export function extractionOf(
  catalog: Catalog,
  registry: TableRegistry,
  start: ExtractStart,
  runId: string,
  options: ExtractOptions,
): Extraction {
  const { entry, id, metadata } = start;
  return { registry, entry, id, runId, metadata, location: metadata?.location ?? catalog.tableLocation(id), options };
}

/** Writes the hand-off document for `load` (after the fault point a crash test stops at). */
export async function finishExtract(
  catalog: Catalog,
  start: ExtractStart,
  result: ExtractResult,
): Promise<{ result: ExtractResult; output: StepOutput }> {
  await writeArtifact(catalog.io, start.resultUri, result);
  return {
    result,
    output: {
      ...start.output,
      records: result.records,
      files: result.files.length,
      watermark: result.state.watermark,
      ...(result.state.lsn ? { lsn: result.state.lsn } : {}),
    },
  };
}

/**
 * Cursor mode (docs/ingestion.md, "Cursor mode"): extracts the row versions of one table changed
 * since its committed state, writes them as Parquet data files at the table's location and the
 * hand-off document for `load`. Nothing is visible in the table until `commit`; a rerun of the
 * same run id simply redoes the work.
 */
export async function extractTable(options: ExtractOptions): Promise<{ result: ExtractResult; output: StepOutput }> {
  const settings = options.settings ?? loadSettings();
  const registry = loadRegistry();
  const runId = validateRunId(options.runId ?? newRunId());
  return withCatalog(settings, async (catalog) => {
    const start = await startExtract(catalog, settings, registry, options.table, runId);
    if (start.done) return start.done;
    const lsn = committedState(start.metadata).lsn;
    if (lsn) {
      throw new ModeError(
        `raw.${start.entry.name} is in change capture since LSN ${lsn}: the cursor mode would read its rows again; use --mode capture`,
      );
    }
    const run = extractionOf(catalog, registry, start, runId, options);
    const result = await withSourceSnapshot(
      postgresLogin(settings, 'oltpReader', settings.postgres.databases.oltp),
      `extract:${start.entry.name}`,
      (source) => extractInSnapshot(catalog, run, source),
    );
    await faultPoint('extract.after-upload');
    return finishExtract(catalog, start, result);
  });
}
