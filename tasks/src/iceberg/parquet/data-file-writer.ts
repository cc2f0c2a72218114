import { randomUUID } from 'node:crypto';
import type { DataFile } from '../data-file.js';
import type { FileIO } from '../io/file-io.js';
import {
  type PartitionSpec,
  type PartitionValues,
  partitionKey,
  partitionPath,
  partitionValues,
} from '../partition-spec.js';
import { isPrimitive, type Schema } from '../schema.js';
import { currentSchema, defaultSpec, type TableMetadata } from '../table-metadata.js';
import { type ParquetWriteOptions, type Row, type WrittenParquet, writeParquet } from './parquet-writer.js';
import { toIcebergValue } from './value-conversion.js';

/** The manifest's view of a Parquet file just written. */
export function parquetDataFile(filePath: string, partition: PartitionValues, written: WrittenParquet): DataFile {
  const m = written.metrics;
  return {
    content: 0,
    filePath,
    fileFormat: 'PARQUET',
    partition,
    recordCount: m.recordCount,
    fileSizeInBytes: m.fileSizeInBytes,
    columnSizes: m.columnSizes,
    valueCounts: m.valueCounts,
    nullValueCounts: m.nullValueCounts,
    nanValueCounts: m.nanValueCounts,
    lowerBounds: m.lowerBounds,
    upperBounds: m.upperBounds,
    sortOrderId: 0,
  };
}

/** Splits rows by partition tuple: a data file may only hold rows of one partition. */
export function groupByPartition(
  schema: Schema,
  spec: PartitionSpec,
  rows: Row[],
): Map<string, { values: PartitionValues; rows: Row[] }> {
  const groups = new Map<string, { values: PartitionValues; rows: Row[] }>();
  const sources = new Map(
    spec.fields.map((f) => {
      const field = schema.fields.find((s) => s.id === f['source-id']);
      if (!field || !isPrimitive(field.type))
        throw new Error(`Partition source ${f['source-id']} must be a top-level primitive column`);
      return [f['source-id'], field] as const;
    }),
  );
  for (const row of rows) {
    const values = partitionValues(spec, schema, (id) => {
      const field = sources.get(id);
      return field ? toIcebergValue(field.type as never, row[field.name]) : null;
    });
    const key = partitionKey(values);
    let group = groups.get(key);
    if (!group) {
      group = { values, rows: [] };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  return groups;
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Writes rows as Parquet data files under `<location>/data/<partition path>/`, one file per
 * partition, uploads them and returns their DataFile records for a fast append.
 */
export async function writeDataFiles(args: {
  io: FileIO;
  metadata: TableMetadata;
  rows: Row[];
  /** Distinguishes files of one run, e.g. the batch id; a random UUID keeps names unique regardless. */
  filePrefix?: string;
  options?: ParquetWriteOptions;
}): Promise<DataFile[]> {
  const schema = currentSchema(args.metadata);
  const spec = defaultSpec(args.metadata);
  const files: DataFile[] = [];
  const rowGroup = args.options?.rowGroupSize ?? 128 * 1024;
  for (const { values, rows } of groupByPartition(schema, spec, args.rows).values()) {
    const written = await writeParquet(schema, chunks(rows, rowGroup), args.options);
    const dir = spec.fields.length > 0 ? `data/${partitionPath(spec, schema, values)}` : 'data';
    const name = `${args.filePrefix ? `${args.filePrefix}-` : ''}${randomUUID()}.parquet`;
    const filePath = `${args.metadata.location}/${dir}/${name}`;
    await args.io.put(filePath, written.bytes);
    files.push(parquetDataFile(filePath, values, written));
  }
  return files;
}
