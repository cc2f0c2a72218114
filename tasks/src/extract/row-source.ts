import type { PrimitiveType } from '../iceberg/schema.js';
import type { RowBatch } from './row-batch.js';

/** A column of the rows a source produces, with the Iceberg type of the field it fills. */
export interface SourceField {
  name: string;
  type: PrimitiveType;
}

/**
 * Where an extraction's row versions come from: a COPY of one snapshot today (copy-row-source.ts);
 * a logical replication stream can be another. Batches hold `fields` in that order. Rows of one
 * partition value should arrive together (ordered by the partition column): every run of them
 * becomes a data file of its own.
 */
export interface RowSource {
  readonly fields: readonly SourceField[];
  /** The rows, read once. */
  batches(): AsyncIterable<RowBatch>;
}
