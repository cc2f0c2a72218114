import { randomUUID } from 'node:crypto';
import { loadSettings, postgresLogin, type Settings } from '@platform/config';
import pg from 'pg';
import { type DataFileJson, dataFileToJson } from '../handoff/data-file-json.js';
import { artifactUri, readArtifact, validateRunId, writeArtifact } from '../handoff/run-artifacts.js';
import type { TableIdentifier } from '../iceberg/catalog/jdbc-catalog.js';
import { withCatalog } from '../iceberg/catalog/with-catalog.js';
import type { DataFile } from '../iceberg/data-file.js';
import type { FileIO } from '../iceberg/io/s3-file-io.js';
import { parquetDataFile } from '../iceberg/parquet/data-file-writer.js';
import { Int64Column } from '../iceberg/parquet/int64-column.js';
import { type ColumnarBatch, writeParquetColumns } from '../iceberg/parquet/parquet-writer.js';
import { Utf8Column } from '../iceberg/parquet/utf8-column.js';
import { toIcebergValue } from '../iceberg/parquet/value-conversion.js';
import {
  buildPartitionSpec,
  type PartitionSpec,
  type PartitionValues,
  partitionKey,
  partitionPath,
  partitionValues,
  UNPARTITIONED,
} from '../iceberg/partition-spec.js';
import type { PrimitiveType, Schema } from '../iceberg/schema.js';
import { defaultSpec, type TableMetadata } from '../iceberg/table-metadata.js';
import { committedRunIds, committedState } from '../incremental/committed-state.js';
import { extractionPredicate, type IngestState } from '../incremental/extraction-window.js';
import { loadRegistry, type TableEntry, tableEntry } from '../registry/table-registry.js';
import type { CopyBatch, MaxTracker } from './copy-text.js';
import { BATCH_ID, INGESTED_AT, planRawSchema } from './raw-table-schema.js';
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

/** Where a schema field's values come from: a COPY column, a constant, or nothing (null). */
type FieldSource = { column: number } | { value: unknown } | undefined;

interface FileSink {
  io: FileIO;
  location: string;
  runId: string;
  schema: Schema;
  spec: PartitionSpec;
  rowGroupSize: number;
  /** By schema field index. */
  sources: FieldSource[];
}

/** The decoded COPY batches, read one row range at a time. */
interface BatchCursor {
  batches: AsyncIterator<CopyBatch>;
  batch: CopyBatch | undefined;
  at: number;
}

/** The batch holding the cursor's next row, or undefined at the end. */
async function currentBatch(cursor: BatchCursor): Promise<CopyBatch | undefined> {
  while (cursor.batch === undefined || cursor.at >= cursor.batch.length) {
    const step = await cursor.batches.next();
    if (step.done) {
      cursor.batch = undefined;
      return undefined;
    }
    cursor.batch = step.value;
    cursor.at = 0;
  }
  return cursor.batch;
}

function fieldValue(source: FieldSource, batch: CopyBatch, row: number): unknown {
  if (source === undefined) return null;
  if (!('column' in source)) return source.value;
  const column = batch.columns[source.column];
  return column instanceof Utf8Column || column instanceof Int64Column ? column.get(row) : (column as unknown[])[row];
}

/** The partition tuple of a row; recomputed only when the row's source values differ from the last row's. */
function partitioner(sink: FileSink) {
  const { schema, spec } = sink;
  const sources = spec.fields.map((f) => {
    const index = schema.fields.findIndex((s) => s.id === f['source-id']);
    const field = index >= 0 ? schema.fields[index] : undefined;
    return {
      id: f['source-id'],
      type: field?.type as PrimitiveType,
      source: index >= 0 ? sink.sources[index] : undefined,
    };
  });
  const last: unknown[] = sources.map(() => undefined);
  let lastValues: PartitionValues | undefined;
  return (batch: CopyBatch, row: number): PartitionValues => {
    let same = lastValues !== undefined;
    for (let i = 0; i < sources.length; i++) {
      const v = fieldValue((sources[i] as { source: FieldSource }).source, batch, row);
      if (v !== last[i]) same = false;
      last[i] = v;
    }
    if (same) return lastValues as PartitionValues;
    lastValues = partitionValues(spec, schema, (id) => {
      const i = sources.findIndex((s) => s.id === id);
      return i >= 0 ? toIcebergValue((sources[i] as { type: PrimitiveType }).type, last[i]) : null;
    });
    return lastValues;
  };
}

/** Same partition tuple: by value for numbers, strings and bigints, by key otherwise. */
function sameTuple(a: PartitionValues, b: PartitionValues, keyOfB: string): boolean {
  if (a === b) return true;
  let same = true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) same = false;
  return same || partitionKey(a) === keyOfB;
}

/** The schema-ordered columns of rows taken from consecutive ranges of decoded batches. */
function assemble(
  sink: FileSink,
  parts: { batch: CopyBatch; from: number; to: number }[],
  size: number,
): ColumnarBatch {
  const columns = sink.sources.map((source, field): unknown[] | Utf8Column | Int64Column | undefined => {
    if (source === undefined) return undefined;
    if (!('column' in source)) {
      const { value } = source;
      const type = sink.schema.fields[field]?.type;
      if (typeof value === 'string' && type === 'string') return Utf8Column.repeat(value, size);
      if (typeof value === 'bigint' && (type === 'long' || type === 'timestamp' || type === 'timestamptz')) {
        const repeated = Int64Column.repeat(value, size);
        if (repeated) return repeated;
      }
      return new Array<unknown>(size).fill(value);
    }
    const of = parts.map((p) => ({ column: p.batch.columns[source.column], from: p.from, to: p.to }));
    if (of.every((p) => p.column instanceof Utf8Column)) {
      return Utf8Column.concat(of as { column: Utf8Column; from: number; to: number }[]);
    }
    if (of.every((p) => p.column instanceof Int64Column)) {
      return Int64Column.concat(of as { column: Int64Column; from: number; to: number }[]);
    }
    const out = new Array<unknown>(size);
    let at = 0;
    for (const { column, from, to } of of) {
      if (column instanceof Utf8Column || column instanceof Int64Column) {
        for (let i = from; i < to; i++) out[at++] = column.get(i);
      } else {
        for (let i = from; i < to; i++) out[at++] = (column as unknown[])[i];
      }
    }
    return out;
  });
  return { length: size, columns };
}

/**
 * Writes one Parquet data file from consecutive rows of one partition (the query orders by the
 * partition column), stopping at the partition's end or the row limit; leaves the cursor on the next row.
 */
async function writeOneFile(sink: FileSink, cursor: BatchCursor, maxRows: number, seq: number): Promise<DataFile> {
  const { schema, spec } = sink;
  const partition = partitioner(sink);
  const trivial = spec.fields.length === 0;
  const values = trivial ? [] : partition(cursor.batch as CopyBatch, cursor.at);
  const key = partitionKey(values);
  let count = 0;
  async function* groups(): AsyncGenerator<ColumnarBatch> {
    let parts: { batch: CopyBatch; from: number; to: number }[] = [];
    let size = 0;
    let partitionEnded = false;
    while (!partitionEnded && count < maxRows) {
      const batch = await currentBatch(cursor);
      if (!batch) break;
      const from = cursor.at;
      const limit = Math.min(batch.length, from + (sink.rowGroupSize - size), from + (maxRows - count));
      let end = from;
      if (trivial) end = limit;
      else while (end < limit && sameTuple(partition(batch, end), values, key)) end++;
      if (end < limit) partitionEnded = true;
      if (end > from) {
        parts.push({ batch, from, to: end });
        size += end - from;
        count += end - from;
        cursor.at = end;
      }
      if (size >= sink.rowGroupSize) {
        yield assemble(sink, parts, size);
        parts = [];
        size = 0;
      }
    }
    if (size > 0) yield assemble(sink, parts, size);
  }
  const written = await writeParquetColumns(schema, groups(), { rowGroupSize: sink.rowGroupSize });
  const dir = spec.fields.length ? `data/${partitionPath(spec, schema, values)}` : 'data';
  const path = `${sink.location}/${dir}/${sink.runId}-${String(seq).padStart(5, '0')}.parquet`;
  await sink.io.put(path, written.bytes);
  return parquetDataFile(path, values, written);
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
      const snap = await client.query<{ snapshot: string; xmax: string }>(
        'SELECT pg_current_snapshot()::text AS snapshot, pg_snapshot_xmax(pg_current_snapshot())::text AS xmax',
      );
      const { snapshot, xmax } = snap.rows[0] as { snapshot: string; xmax: string };
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
