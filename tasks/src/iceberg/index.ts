export { readAvroContainer } from './avro/container-reader.js';
export { writeAvroContainer } from './avro/container-writer.js';
export type { Catalog, LoadedTable, TableCommit, TableIdentifier } from './catalog/catalog.js';
export { JdbcCatalog, type JdbcCatalogSettings } from './catalog/jdbc-catalog.js';
export type { DataFile } from './data-file.js';
export {
  AlreadyExistsError,
  CommitFailedError,
  CommitStateUnknownError,
  NoSuchNamespaceError,
  NoSuchTableError,
  ValidationError,
} from './errors.js';
export type { FileIO } from './io/file-io.js';
export { parseS3Uri, S3FileIO, type S3Settings, toS3Uri } from './io/s3-file-io.js';
export { decodeManifest, encodeManifest, type ManifestEntry, writeManifest } from './manifest.js';
export { decodeManifestList, encodeManifestList, type ManifestFile } from './manifest-list.js';
export { groupByPartition, parquetDataFile, writeDataFiles } from './parquet/data-file-writer.js';
export { type ParquetWriteOptions, type Row, writeParquet } from './parquet/parquet-writer.js';
export {
  buildPartitionSpec,
  type PartitionSpec,
  UNPARTITIONED,
} from './partition-spec.js';
export { decimal, type IcebergType, type NestedField, type Schema } from './schema.js';
export { newSnapshotId } from './snapshot.js';
export {
  ancestry,
  currentSnapshot,
  findSnapshotBySummary,
  parseTableMetadata,
  type Snapshot,
  serializeTableMetadata,
  type TableMetadata,
} from './table-metadata.js';
export { buildMetadata, newTableMetadata } from './table-metadata-builder.js';
export type { TableRequirement, TableUpdate } from './table-update.js';
export type { ActionCommit, TableAction } from './transaction/action.js';
export { createTable, createTableIfNotExists } from './transaction/create-table.js';
export { type FastAppendOptions, type FastAppendResult, fastAppend } from './transaction/fast-append.js';
export { DEFAULT_RETRY, RETRY_PROPERTIES, type RetryPolicy } from './transaction/retry-policy.js';
export { commitTransaction } from './transaction/transaction.js';
export { setProperties } from './transaction/update-properties.js';
export { updateSchema } from './transaction/update-schema.js';
