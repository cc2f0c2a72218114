import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RegistryError } from '../errors.js';

/** The registry file the CLIs and the Airflow DAGs share: which tables move, and how. */
export const REGISTRY_FILE = fileURLToPath(new URL('../../../iceberg/table-registry.json', import.meta.url));

export interface PartitionRule {
  transform: 'day';
  column: string;
}

export interface TableEntry {
  name: string;
  primaryKey: string[];
  cursor: string;
  partition?: PartitionRule;
}

export interface TableRegistry {
  sourceSchema: string;
  targetNamespace: string;
  overlapSeconds: number;
  tables: TableEntry[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function identifier(value: unknown, where: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new RegistryError(
      `table registry: ${where} must be a lower-case SQL identifier, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function parseEntry(raw: unknown, index: number): TableEntry {
  if (typeof raw !== 'object' || raw === null)
    throw new RegistryError(`table registry: tables[${index}] is not an object`);
  const entry = raw as Record<string, unknown>;
  const name = identifier(entry.name, `tables[${index}].name`);
  const keys = entry.primary_key;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new RegistryError(`table registry: ${name}.primary_key must be a non-empty list of columns`);
  }
  const result: TableEntry = {
    name,
    primaryKey: keys.map((k, i) => identifier(k, `${name}.primary_key[${i}]`)),
    cursor: identifier(entry.cursor, `${name}.cursor`),
  };
  if (entry.partition !== undefined) {
    const partition = entry.partition as Record<string, unknown>;
    if (partition.transform !== 'day') {
      throw new RegistryError(
        `table registry: ${name}.partition.transform must be "day", got ${JSON.stringify(partition.transform)}`,
      );
    }
    result.partition = { transform: 'day', column: identifier(partition.column, `${name}.partition.column`) };
  }
  return result;
}

/** Validates the registry's JSON; every problem is one line naming the entry and field. */
export function parseRegistry(raw: unknown): TableRegistry {
  if (typeof raw !== 'object' || raw === null) throw new RegistryError('table registry: not a JSON object');
  const doc = raw as Record<string, unknown>;
  if (doc.version !== 1) throw new RegistryError(`table registry: unsupported version ${JSON.stringify(doc.version)}`);
  const overlap = doc.overlap_seconds;
  if (typeof overlap !== 'number' || !Number.isInteger(overlap) || overlap < 0) {
    throw new RegistryError('table registry: overlap_seconds must be a non-negative integer');
  }
  if (!Array.isArray(doc.tables) || doc.tables.length === 0) throw new RegistryError('table registry: tables is empty');
  const tables = doc.tables.map(parseEntry);
  const seen = new Set<string>();
  for (const t of tables) {
    if (seen.has(t.name)) throw new RegistryError(`table registry: ${t.name} is listed twice`);
    seen.add(t.name);
  }
  return {
    sourceSchema: identifier(doc.source_schema, 'source_schema'),
    targetNamespace: identifier(doc.target_namespace, 'target_namespace'),
    overlapSeconds: overlap,
    tables,
  };
}

export function loadRegistry(path = process.env.TABLE_REGISTRY || REGISTRY_FILE): TableRegistry {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RegistryError(`table registry ${path} cannot be read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new RegistryError(`table registry ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseRegistry(raw);
}

export function tableEntry(registry: TableRegistry, name: string): TableEntry {
  const entry = registry.tables.find((t) => t.name === name);
  if (!entry) throw new RegistryError(`unknown table "${name}": it is not in the table registry`);
  return entry;
}
