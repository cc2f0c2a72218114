import { setTimeout as sleep } from 'node:timers/promises';
import {
  CommitFailedError,
  type JdbcCatalog,
  type LoadedTable,
  type TableIdentifier,
} from '../catalog/jdbc-catalog.js';
import type { Schema } from '../schema.js';
import type { TableMetadata } from '../table-metadata.js';

/** The next schema for a table, or undefined when the current one already fits. */
export type SchemaPlanner = (metadata: TableMetadata) => { schema: Schema; lastColumnId: number } | undefined;

/** New metadata whose current schema is `schema` (added as a new schema id); the rest is kept. */
export function withSchema(
  base: TableMetadata,
  baseLocation: string,
  schema: Schema,
  lastColumnId: number,
): TableMetadata {
  const now = Math.max(Date.now(), base['last-updated-ms']);
  return {
    ...base,
    schemas: [...base.schemas.filter((s) => s['schema-id'] !== schema['schema-id']), schema],
    'current-schema-id': schema['schema-id'],
    'last-column-id': Math.max(base['last-column-id'], lastColumnId),
    'last-updated-ms': now,
    'metadata-log': [
      ...(base['metadata-log'] ?? []),
      { 'timestamp-ms': base['last-updated-ms'], 'metadata-file': baseLocation },
    ],
  };
}

/**
 * Iceberg's UpdateSchema commit: a metadata-only change (no snapshot). On a lost compare-and-swap
 * the table is re-read and the schema planned again from what is now current.
 */
export async function updateSchema(
  catalog: JdbcCatalog,
  id: TableIdentifier,
  plan: SchemaPlanner,
  maxAttempts = 8,
): Promise<LoadedTable> {
  for (let attempt = 1; ; attempt++) {
    const table = await catalog.loadTable(id);
    const next = plan(table.metadata);
    if (!next) return table;
    try {
      return await catalog.commitTable(
        table,
        withSchema(table.metadata, table.metadataLocation, next.schema, next.lastColumnId),
      );
    } catch (error) {
      if (!(error instanceof CommitFailedError) || attempt >= maxAttempts) throw error;
      await sleep(50 * attempt);
    }
  }
}
