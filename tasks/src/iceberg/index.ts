export { readAvroContainer } from './avro/container-reader.js';
export { writeAvroContainer } from './avro/container-writer.js';
export { type CatalogSettings, catalogSettings } from './catalog/catalog-settings.js';
export {
  AlreadyExistsError,
  CommitFailedError,
  CommitStateUnknownError,
  JdbcCatalog,
  type LoadedTable,
  NoSuchNamespaceError,
  NoSuchTableError,
  type TableIdentifier,
} from './catalog/jdbc-catalog.js';
export type { DataFile } from './data-file.js';
export { type FileIO, parseS3Uri, S3FileIO, toS3Uri } from './io/s3-file-io.js';
export { decodeManifest, encodeManifest, type ManifestEntry } from './manifest.js';
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
export { type FastAppendOptions, type FastAppendResult, fastAppend } from './transaction/fast-append.js';
