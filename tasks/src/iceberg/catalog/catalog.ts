import type { FileIO } from '../io/file-io.js';
import type { TableMetadata } from '../table-metadata.js';
import type { TableRequirement, TableUpdate } from '../table-update.js';

export interface TableIdentifier {
  namespace: string;
  name: string;
}

export interface LoadedTable extends TableIdentifier {
  metadataLocation: string;
  metadata: TableMetadata;
}

/** A change to one table: applied only if every requirement holds on its current metadata. */
export interface TableCommit {
  identifier: TableIdentifier;
  requirements: TableRequirement[];
  updates: TableUpdate[];
}

/**
 * Where tables are found by name and changed atomically. Writers never change metadata files in
 * place: they describe a change (updates under requirements) and the catalog applies it to what
 * is current, writes the next metadata file and switches the table to it, or refuses.
 */
export interface Catalog {
  /** The catalog's name: every engine that shares its tables must use the same one. */
  readonly name: string;
  /** The store holding the tables' files. */
  readonly io: FileIO;
  /** Where a new table of this name lives. */
  tableLocation(id: TableIdentifier): string;
  namespaceExists(namespace: string): Promise<boolean>;
  /** Idempotent. */
  createNamespace(namespace: string, properties?: Record<string, string>): Promise<void>;
  tableExists(id: TableIdentifier): Promise<boolean>;
  /** Forgets the table (its files stay, as Java's dropTable without purge); false when it was absent. */
  dropTable(id: TableIdentifier): Promise<boolean>;
  /** Throws NoSuchTableError when absent. */
  loadTable(id: TableIdentifier): Promise<LoadedTable>;
  /**
   * Applies the commit atomically. CommitFailedError: a requirement no longer holds, or another
   * writer switched the table first (nothing was changed). CommitStateUnknownError: the outcome
   * is unknown. With an `assert-create` requirement the commit creates the table
   * (AlreadyExistsError, NoSuchNamespaceError).
   */
  commitTable(commit: TableCommit): Promise<LoadedTable>;
  close(): Promise<void>;
}
