import { randomUUID } from 'node:crypto';
import { loadSettings, postgresLogin, type Settings } from '@platform/config';
import pg from 'pg';
import { type DataFileJson, dataFileToJson } from '../handoff/data-file-json.js';
import { artifactUri, readArtifact, validateRunId, writeArtifact } from '../handoff/run-artifacts.js';
import type { TableIdentifier } from '../iceberg/catalog/jdbc-catalog.js';
import { withCatalog } from '../iceberg/catalog/with-catalog.js';
import type { DataFile } from '../iceberg/data-file.js';
import { toIcebergValue } from '../iceberg/parquet/value-conversion.js';
import { buildPartitionSpec, type PartitionSpec, UNPARTITIONED } from '../iceberg/partition-spec.js';
import type { PrimitiveType, Schema } from '../iceberg/schema.js';
import { defaultSpec, type TableMetadata } from '../iceberg/table-metadata.js';
import { committedRunIds, committedState } from '../incremental/committed-state.js';
import { extractionPredicate, type IngestState } from '../incremental/extraction-window.js';
import { loadRegistry, type TableEntry, tableEntry } from '../registry/table-registry.js';
import type { MaxTracker } from './copy-text.js';
import { type BatchCursor, currentBatch, type FieldSource, type FileSink, writeOneFile } from './data-file-sink.js';
import {
  BATCH_ID,
  CHANGE_LSN,
  CHANGE_SEQ,
  INGESTED_AT,
  OPERATION,
  type Operation,
  planRawSchema,
} from './raw-table-schema.js';
import { copyBatches } from './row-stream.js';
import { readSourceColumns } from './source-columns.js';

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

/** The small JSON printed as the last stdout line (XCom). */
export interface StepOutput {
  step: string;
  run_id: string;
  table: string;
  result: string;
  records: number;
  files: number;
  [key: string]: unknown;
}

export function specFor(entry: TableEntry, schema: Schema, metadata: TableMetadata | undefined): PartitionSpec {
  if (metadata) return defaultSpec(metadata);
  if (!entry.partition) return UNPARTITIONED;
  return buildPartitionSpec(schema, [{ source: entry.partition.column, transform: entry.partition.transform }]);
}

function cursorMicros(text: string): bigint {
  return toIcebergValue('timestamptz', text) as bigint;
}

/**
 * Extracts the row versions of one table changed since its committed state, writes them as
 * Parquet data files at the table's location and the hand-off document for `load`. Nothing is
 * visible in the table until `commit`; a rerun of the same run id simply redoes the work.
 */
export async function extractTable(options: ExtractOptions): Promise<{ result: ExtractResult; output: StepOutput }> {
  const settings = options.settings ?? loadSettings();
  const registry = loadRegistry();
  const entry = tableEntry(registry, options.table);
  const runId = validateRunId(
    options.runId ?? `run-${new Date().toISOString().replace(/[-:]/g, '')}-${randomUUID().slice(0, 8)}`,
  );
  const id: TableIdentifier = { namespace: registry.targetNamespace, name: entry.name };
  const resultUri = artifactUri(settings.s3.bucket, id.namespace, id.name, runId, 'extract');
  return withCatalog(settings, async (catalog) => {
    const io = catalog.io;
    const metadata = (await catalog.tableExists(id)) ? (await catalog.loadTable(id)).metadata : undefined;
    const previousState = committedState(metadata);
    const source = `${registry.sourceSchema}.${entry.name}`;
    if (metadata && committedRunIds(metadata).has(runId)) {
      // A retry after the run committed: extracting again would only produce files nobody commits.
      const output: StepOutput = {
        step: 'extract',
        run_id: runId,
        table: id.name,
        result: resultUri,
        records: 0,
        files: 0,
        already_committed: true,
      };
      return { result: { ...(await readArtifact<ExtractResult>(io, resultUri)), alreadyCommitted: true }, output };
    }
    const client = new pg.Client({
      ...postgresLogin(settings, 'oltpReader', settings.postgres.databases.oltp),
      application_name: `extract:${entry.name}`,
    });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`cannot connect to the OLTP database: ${(error as Error).message}`);
    }
    let result: ExtractResult;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // COPY prints timestamptz in the session zone: UTC keeps the watermark text zone-free of doubt.
      await client.query("SET LOCAL TimeZone = 'UTC'");
      // The WAL position orders this run's row versions after every earlier run's (see CHANGE_LSN).
      const snap = await client.query<{ snapshot: string; xmax: string; lsn: string }>(
        `SELECT pg_current_snapshot()::text AS snapshot, pg_snapshot_xmax(pg_current_snapshot())::text AS xmax,
           (pg_current_wal_lsn() - '0/0')::text AS lsn`,
      );
      const { snapshot, xmax, lsn } = snap.rows[0] as { snapshot: string; xmax: string; lsn: string };
      const operation: Operation = previousState.pgSnapshot === null ? 'snapshot' : 'upsert';
      const columns = await readSourceColumns(client, registry.sourceSchema, entry.name);
      const existing = metadata
        ? {
            schema: metadata.schemas.find((s) => s['schema-id'] === metadata['current-schema-id']) as Schema,
            lastColumnId: metadata['last-column-id'],
          }
        : undefined;
      const plan = planRawSchema(columns, existing);
      const spec = specFor(entry, plan.schema, metadata);
      const cursor = columns.find((c) => c.name === entry.cursor);
      if (!cursor) throw new Error(`cursor column ${entry.cursor} is not a column of ${source}`);
      const predicate = extractionPredicate(
        previousState,
        entry.cursor,
        registry.overlapSeconds,
        BigInt(xmax),
        pg.escapeLiteral,
        pg.escapeIdentifier,
      );
      const ingestedAt = new Date().toISOString();
      const select = columns.map((c) => pg.escapeIdentifier(c.name)).join(', ');
      const order = entry.partition ? ` ORDER BY ${pg.escapeIdentifier(entry.partition.column)}` : '';
      const query = `SELECT ${select} FROM ${pg.escapeIdentifier(registry.sourceSchema)}.${pg.escapeIdentifier(entry.name)} WHERE ${predicate.sql}${order}`;
      const typed = columns.map((c) => ({
        name: c.name,
        type: plan.schema.fields.find((f) => f.name === c.name)?.type as PrimitiveType,
      }));

      let watermark = previousState.watermark;
      const max: MaxTracker = {
        column: typed.findIndex((c) => c.name === entry.cursor),
        micros: watermark ? cursorMicros(watermark) : undefined,
        text: undefined,
        toMicros: cursorMicros,
      };
      const location = metadata?.location ?? catalog.tableLocation(id);
      const rowGroupSize = options.rowGroupSize ?? 64 * 1024;
      const ingestedMicros = toIcebergValue('timestamptz', ingestedAt);
      const sink: FileSink = {
        io,
        location,
        runId,
        schema: plan.schema,
        spec,
        rowGroupSize,
        sources: plan.schema.fields.map((f): FieldSource => {
          if (f.name === OPERATION) return { value: operation };
          if (f.name === CHANGE_LSN) return { value: BigInt(lsn) };
          if (f.name === CHANGE_SEQ) return { value: 0n };
          if (f.name === INGESTED_AT) return { value: ingestedMicros };
          if (f.name === BATCH_ID) return { value: runId };
          const column = typed.findIndex((c) => c.name === f.name);
          return column >= 0 ? { column } : undefined;
        }),
      };
      const reader: BatchCursor = {
        batches: copyBatches(client, query, typed, { batchRows: Math.min(rowGroupSize, 8192), max })[
          Symbol.asyncIterator
        ](),
        batch: undefined,
        at: 0,
      };
      const files: DataFile[] = [];
      while (await currentBatch(reader)) {
        files.push(await writeOneFile(sink, reader, options.maxRowsPerFile ?? 1_000_000, files.length));
      }
      if (max.text !== undefined) watermark = max.text;
      await client.query('COMMIT');
      result = {
        step: 'extract',
        runId,
        namespace: id.namespace,
        table: id.name,
        source,
        schema: plan.schema,
        lastColumnId: plan.lastColumnId,
        addedColumns: plan.added,
        spec,
        files: files.map(dataFileToJson),
        records: files.reduce((n, f) => n + f.recordCount, 0),
        previousState,
        state: { watermark, pgSnapshot: snapshot },
        extractedAt: ingestedAt,
        alreadyCommitted: false,
      };
    } finally {
      await client.end();
    }
    await writeArtifact(io, resultUri, result);
    return {
      result,
      output: {
        step: 'extract',
        run_id: runId,
        table: id.name,
        result: resultUri,
        records: result.records,
        files: result.files.length,
        watermark: result.state.watermark,
      },
    };
  });
}
