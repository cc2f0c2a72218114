import type { DataFile } from '../iceberg/data-file.js';
import type { PartitionValues } from '../iceberg/partition-spec.js';

/**
 * DataFile records as JSON, so that the steps of one run (extract, load, commit), possibly in
 * different containers, hand them over through object storage. Bounds are base64, 64-bit values
 * tagged so they come back as bigint.
 */
export type DataFileJson = Record<string, unknown>;

const numberMap = (m?: Map<number, number>) => (m ? Object.fromEntries(m) : undefined);
const bytesMap = (m?: Map<number, Buffer>) =>
  m ? Object.fromEntries([...m].map(([k, v]) => [k, v.toString('base64')])) : undefined;
const toNumberMap = (o: unknown) =>
  o ? new Map(Object.entries(o as Record<string, number>).map(([k, v]) => [Number(k), v])) : undefined;
const toBytesMap = (o: unknown) =>
  o
    ? new Map(Object.entries(o as Record<string, string>).map(([k, v]) => [Number(k), Buffer.from(v, 'base64')]))
    : undefined;

function encodeValue(value: unknown): unknown {
  if (typeof value === 'bigint') return { bigint: value.toString() };
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  return value;
}

function decodeValue(value: unknown): unknown {
  if (value && typeof value === 'object' && 'bigint' in value) return BigInt((value as { bigint: string }).bigint);
  if (value && typeof value === 'object' && 'base64' in value)
    return Buffer.from((value as { base64: string }).base64, 'base64');
  return value;
}

export function dataFileToJson(file: DataFile): DataFileJson {
  return {
    content: file.content,
    filePath: file.filePath,
    fileFormat: file.fileFormat,
    partition: file.partition.map(encodeValue),
    recordCount: file.recordCount,
    fileSizeInBytes: file.fileSizeInBytes,
    columnSizes: numberMap(file.columnSizes),
    valueCounts: numberMap(file.valueCounts),
    nullValueCounts: numberMap(file.nullValueCounts),
    nanValueCounts: numberMap(file.nanValueCounts),
    lowerBounds: bytesMap(file.lowerBounds),
    upperBounds: bytesMap(file.upperBounds),
    sortOrderId: file.sortOrderId ?? null,
  };
}

export function dataFileFromJson(json: DataFileJson): DataFile {
  return {
    content: json.content as DataFile['content'],
    filePath: json.filePath as string,
    fileFormat: json.fileFormat as DataFile['fileFormat'],
    partition: (json.partition as unknown[]).map(decodeValue) as PartitionValues,
    recordCount: json.recordCount as number,
    fileSizeInBytes: json.fileSizeInBytes as number,
    columnSizes: toNumberMap(json.columnSizes),
    valueCounts: toNumberMap(json.valueCounts),
    nullValueCounts: toNumberMap(json.nullValueCounts),
    nanValueCounts: toNumberMap(json.nanValueCounts),
    lowerBounds: toBytesMap(json.lowerBounds),
    upperBounds: toBytesMap(json.upperBounds),
    sortOrderId: (json.sortOrderId as number | null) ?? null,
  };
}
