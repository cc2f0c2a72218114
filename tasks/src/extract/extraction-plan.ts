import pg from 'pg';
import { toIcebergValue } from '../iceberg/parquet/value-conversion.js';
import { buildPartitionSpec, type PartitionSpec, UNPARTITIONED } from '../iceberg/partition-spec.js';
import type { PrimitiveType, Schema } from '../iceberg/schema.js';
import { currentSchema, defaultSpec, type TableMetadata } from '../iceberg/table-metadata.js';
import { extractionPredicate, type IngestState } from '../incremental/extraction-window.js';
import type { TableEntry, TableRegistry } from '../registry/table-registry.js';
import type { FieldSource } from './data-file-sink.js';
import {
  BATCH_ID,
  CHANGE_LSN,
  CHANGE_SEQ,
  INGESTED_AT,
  OPERATION,
  type Operation,
  planRawSchema,
  type RawSchemaPlan,
} from './raw-table-schema.js';
import type { SourceField } from './row-source.js';
import type { SourceColumn } from './source-columns.js';

/** What one cursor-mode extraction reads and how its rows fill the raw table's fields. */
export interface ExtractionPlan {
  schema: RawSchemaPlan;
  spec: PartitionSpec;
  operation: Operation;
  /** The SELECT whose rows are the run's row versions, ordered by the partition column. */
  query: string;
  /** The query's columns, in order, with the Iceberg types they land as. */
  fields: SourceField[];
  /** By schema field: a query column, a constant of the run, or null. */
  sources: FieldSource[];
}

export function specFor(entry: TableEntry, schema: Schema, metadata: TableMetadata | undefined): PartitionSpec {
  if (metadata) return defaultSpec(metadata);
  if (!entry.partition) return UNPARTITIONED;
  return buildPartitionSpec(schema, [{ source: entry.partition.column, transform: entry.partition.transform }]);
}

/**
 * Plans the extraction of one table from the source columns, the table as committed (if any) and
 * the source snapshot: the raw schema (evolved if the source gained columns), the partition spec,
 * the query of the changed row versions, and the constants of this run's change-log columns.
 */
export function planExtraction(args: {
  registry: TableRegistry;
  entry: TableEntry;
  columns: SourceColumn[];
  metadata: TableMetadata | undefined;
  previousState: IngestState;
  snapshot: { xmax: bigint; lsn: bigint };
  runId: string;
  ingestedAt: string;
}): ExtractionPlan {
  const { registry, entry, columns, metadata, previousState } = args;
  const source = `${registry.sourceSchema}.${entry.name}`;
  const existing = metadata ? { schema: currentSchema(metadata), lastColumnId: metadata['last-column-id'] } : undefined;
  const schema = planRawSchema(columns, existing);
  if (!columns.some((c) => c.name === entry.cursor)) {
    throw new Error(`cursor column ${entry.cursor} is not a column of ${source}`);
  }
  const predicate = extractionPredicate(
    previousState,
    entry.cursor,
    registry.overlapSeconds,
    args.snapshot.xmax,
    pg.escapeLiteral,
    pg.escapeIdentifier,
  );
  const select = columns.map((c) => pg.escapeIdentifier(c.name)).join(', ');
  const order = entry.partition ? ` ORDER BY ${pg.escapeIdentifier(entry.partition.column)}` : '';
  const table = `${pg.escapeIdentifier(registry.sourceSchema)}.${pg.escapeIdentifier(entry.name)}`;
  const fields = columns.map((c) => ({
    name: c.name,
    type: schema.schema.fields.find((f) => f.name === c.name)?.type as PrimitiveType,
  }));
  const operation: Operation = previousState.pgSnapshot === null ? 'snapshot' : 'upsert';
  const constants = new Map<string, unknown>([
    [OPERATION, operation],
    [CHANGE_LSN, args.snapshot.lsn],
    [CHANGE_SEQ, 0n],
    [INGESTED_AT, toIcebergValue('timestamptz', args.ingestedAt)],
    [BATCH_ID, args.runId],
  ]);
  return {
    schema,
    spec: specFor(entry, schema.schema, metadata),
    operation,
    query: `SELECT ${select} FROM ${table} WHERE ${predicate.sql}${order}`,
    fields,
    sources: schema.schema.fields.map((f): FieldSource => {
      if (constants.has(f.name)) return { value: constants.get(f.name) };
      const column = fields.findIndex((c) => c.name === f.name);
      return column >= 0 ? { column } : undefined;
    }),
  };
}
