import { randomUUID } from 'node:crypto';
import type { Catalog, LoadedTable, TableIdentifier } from '../catalog/catalog.js';
import { AlreadyExistsError } from '../errors.js';
import type { PartitionSpec } from '../partition-spec.js';
import type { Schema } from '../schema.js';
import { creationUpdates } from '../table-metadata-builder.js';
import type { ActionBase, ActionCommit, TableAction } from './action.js';
import { commitTransaction } from './transaction.js';

export interface TableCreation {
  schema: Schema;
  spec: PartitionSpec;
  properties?: Record<string, string>;
}

/**
 * Creates a v2 table. The uuid is chosen once, so that a retry after an unknown outcome knows its
 * own table from one another writer created under the same name.
 */
export class CreateTableAction implements TableAction {
  private readonly uuid = randomUUID();

  constructor(
    private readonly location: string,
    private readonly creation: TableCreation,
    private readonly ifNotExists: boolean,
    private readonly name: string,
  ) {}

  async plan({ metadata }: ActionBase): Promise<ActionCommit> {
    if (metadata) {
      if (metadata['table-uuid'] !== this.uuid && !this.ifNotExists) {
        throw new AlreadyExistsError(`Table ${this.name} already exists`);
      }
      return { updates: [], requirements: [] };
    }
    return {
      updates: creationUpdates({ ...this.creation, location: this.location, uuid: this.uuid }),
      requirements: [{ type: 'assert-create' }],
    };
  }
}

async function create(catalog: Catalog, id: TableIdentifier, creation: TableCreation, ifNotExists: boolean) {
  const action = new CreateTableAction(catalog.tableLocation(id), creation, ifNotExists, `${id.namespace}.${id.name}`);
  try {
    const { table } = await commitTransaction(catalog, id, [action]);
    return table as LoadedTable;
  } catch (error) {
    // Another writer created it between the load and the insert.
    if (error instanceof AlreadyExistsError && ifNotExists) return catalog.loadTable(id);
    throw error;
  }
}

/** Creates the table; AlreadyExistsError when the name is taken, NoSuchNamespaceError without its namespace. */
export function createTable(catalog: Catalog, id: TableIdentifier, creation: TableCreation): Promise<LoadedTable> {
  return create(catalog, id, creation, false);
}

/** Creates the table, or loads it when it exists already (including when a concurrent writer created it). */
export function createTableIfNotExists(
  catalog: Catalog,
  id: TableIdentifier,
  creation: TableCreation,
): Promise<LoadedTable> {
  return create(catalog, id, creation, true);
}
