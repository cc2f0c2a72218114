import type { Catalog, LoadedTable, TableIdentifier } from '../catalog/catalog.js';
import { NoSuchTableError } from '../errors.js';
import type { ActionBase, ActionCommit, TableAction } from './action.js';
import { commitTransaction } from './transaction.js';

/** Sets table properties; properties that already have these values are no change at all. */
export class SetPropertiesAction implements TableAction {
  constructor(private readonly properties: Record<string, string>) {}

  async plan({ metadata }: ActionBase): Promise<ActionCommit> {
    if (!metadata) throw new NoSuchTableError('Cannot set properties of a table that does not exist');
    const changed = Object.entries(this.properties).filter(([key, value]) => metadata.properties?.[key] !== value);
    if (changed.length === 0) return { updates: [], requirements: [] };
    return {
      updates: [{ action: 'set-properties', updates: Object.fromEntries(changed) }],
      requirements: [{ type: 'assert-table-uuid', uuid: metadata['table-uuid'] }],
    };
  }
}

export async function setProperties(
  catalog: Catalog,
  id: TableIdentifier,
  properties: Record<string, string>,
): Promise<LoadedTable> {
  const { table } = await commitTransaction(catalog, id, [new SetPropertiesAction(properties)]);
  return table as LoadedTable;
}
