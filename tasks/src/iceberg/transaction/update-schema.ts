import type { Catalog, LoadedTable, TableIdentifier } from '../catalog/catalog.js';
import { NoSuchTableError } from '../errors.js';
import type { Schema } from '../schema.js';
import type { TableMetadata } from '../table-metadata.js';
import type { ActionBase, ActionCommit, TableAction } from './action.js';
import { commitTransaction } from './transaction.js';

/** The next schema for a table, or undefined when the current one already fits. */
export type SchemaPlanner = (metadata: TableMetadata) => { schema: Schema; lastColumnId: number } | undefined;

/**
 * Iceberg's UpdateSchema: a metadata-only change (no snapshot) that adds a schema and makes it
 * current. The planner runs on every attempt against what is current then, so a schema another
 * writer added meanwhile is planned on, not overwritten; the requirements make the catalog refuse
 * the change if the schema moved between planning and switching.
 */
export class UpdateSchemaAction implements TableAction {
  constructor(private readonly planner: SchemaPlanner) {}

  async plan({ metadata }: ActionBase): Promise<ActionCommit> {
    if (!metadata) throw new NoSuchTableError('Cannot update the schema of a table that does not exist');
    const next = this.planner(metadata);
    if (!next) return { updates: [], requirements: [] };
    return {
      updates: [
        { action: 'add-schema', schema: next.schema, 'last-column-id': next.lastColumnId },
        { action: 'set-current-schema', 'schema-id': -1 },
      ],
      requirements: [
        { type: 'assert-table-uuid', uuid: metadata['table-uuid'] },
        { type: 'assert-current-schema-id', 'current-schema-id': metadata['current-schema-id'] },
        { type: 'assert-last-assigned-field-id', 'last-assigned-field-id': metadata['last-column-id'] },
      ],
    };
  }
}

/** Evolves the table's schema as `plan` says (nothing when it fits already); returns the table after. */
export async function updateSchema(catalog: Catalog, id: TableIdentifier, plan: SchemaPlanner): Promise<LoadedTable> {
  const { table } = await commitTransaction(catalog, id, [new UpdateSchemaAction(plan)]);
  return table as LoadedTable;
}
