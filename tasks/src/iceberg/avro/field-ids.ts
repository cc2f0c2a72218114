/**
 * Engines name Avro fields differently across versions (`added_files_count` vs
 * `added_data_files_count`); Iceberg readers match on `field-id`. This indexes a writer schema's
 * record fields by id so records can be read the same way.
 */
export interface RecordIndex {
  names: Map<number, string>;
  /** Nested record schemas by the id of the field holding them (through unions and arrays). */
  nested: Map<number, RecordIndex>;
}

type AvroSchemaNode = string | AvroSchemaNode[] | { type: unknown; fields?: unknown[]; items?: unknown };

function findRecord(node: AvroSchemaNode): { fields: unknown[] } | undefined {
  if (Array.isArray(node)) {
    for (const branch of node) {
      const found = findRecord(branch);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof node !== 'object' || node === null) return undefined;
  if (node.type === 'record' && Array.isArray(node.fields)) return node as { fields: unknown[] };
  if (node.type === 'array' && node.items !== undefined) return findRecord(node.items as AvroSchemaNode);
  if (typeof node.type === 'object') return findRecord(node.type as AvroSchemaNode);
  return undefined;
}

export function indexRecord(schema: unknown): RecordIndex {
  const record = findRecord(schema as AvroSchemaNode);
  if (!record) throw new Error('Avro schema has no record');
  const index: RecordIndex = { names: new Map(), nested: new Map() };
  for (const raw of record.fields) {
    const field = raw as { name: string; type: AvroSchemaNode; 'field-id'?: number };
    if (typeof field['field-id'] !== 'number') continue;
    index.names.set(field['field-id'], field.name);
    if (findRecord(field.type)) index.nested.set(field['field-id'], indexRecord(field.type));
  }
  return index;
}

/** A record's value for a field id, or undefined when the writer's schema lacks the field. */
export function byId(index: RecordIndex, record: Record<string, unknown>, id: number): unknown {
  const name = index.names.get(id);
  return name === undefined ? undefined : record[name];
}
