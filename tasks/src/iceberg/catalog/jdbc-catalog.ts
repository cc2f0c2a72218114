import pg from 'pg';
import type { FileIO } from '../io/s3-file-io.js';
import type { PartitionSpec } from '../partition-spec.js';
import type { Schema } from '../schema.js';
import {
  metadataFileLocation,
  newTableMetadata,
  parseTableMetadata,
  serializeTableMetadata,
  type TableMetadata,
} from '../table-metadata.js';
import type { CatalogSettings } from './catalog-settings.js';

/** The catalog row moved on since the metadata was loaded: reload, rebuild, retry. */
export class CommitFailedError extends Error {
  override name = 'CommitFailedError';
}

/** The commit may or may not have landed (connection lost mid-UPDATE): never clean up after this. */
export class CommitStateUnknownError extends Error {
  override name = 'CommitStateUnknownError';
}

export class NoSuchTableError extends Error {
  override name = 'NoSuchTableError';
}

export class NoSuchNamespaceError extends Error {
  override name = 'NoSuchNamespaceError';
}

export class AlreadyExistsError extends Error {
  override name = 'AlreadyExistsError';
}

export interface TableIdentifier {
  namespace: string;
  name: string;
}

export interface LoadedTable extends TableIdentifier {
  metadataLocation: string;
  metadata: TableMetadata;
}

/**
 * Java JdbcUtil's V1 layout: V0's CREATE TABLE, then V1's ALTER adding iceberg_type VARCHAR(5).
 * Spark (type=jdbc, schema-version V1), PyIceberg's SqlCatalog and Trino all read these tables.
 */
export const CATALOG_DDL = [
  `CREATE TABLE IF NOT EXISTS iceberg_tables(catalog_name VARCHAR(255) NOT NULL,table_namespace VARCHAR(255) NOT NULL,table_name VARCHAR(255) NOT NULL,metadata_location VARCHAR(1000),previous_metadata_location VARCHAR(1000),PRIMARY KEY (catalog_name, table_namespace, table_name))`,
  `ALTER TABLE iceberg_tables ADD COLUMN IF NOT EXISTS iceberg_type VARCHAR(5)`,
  `CREATE TABLE IF NOT EXISTS iceberg_namespace_properties(catalog_name VARCHAR(255) NOT NULL,namespace VARCHAR(255) NOT NULL,property_key VARCHAR(255),property_value VARCHAR(1000),PRIMARY KEY (catalog_name, namespace, property_key))`,
];

// Any constant works; it only serializes concurrent first-time DDL from several writers.
const DDL_LOCK_KEY = 0x1ce_be59;

const UNIQUE_VIOLATION = '23505';

export class JdbcCatalog {
  private initialized = false;

  constructor(
    private readonly pool: pg.Pool,
    readonly settings: CatalogSettings,
    readonly io: FileIO,
  ) {}

  static connect(settings: CatalogSettings, io: FileIO): JdbcCatalog {
    const pool = new pg.Pool({ ...settings.login, max: 4, application_name: 'iceberg-ts' });
    return new JdbcCatalog(pool, settings, io);
  }

  get name(): string {
    return this.settings.name;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Creates the catalog tables if missing, under a lock: parallel first runs race on CREATE otherwise. */
  async initialize(): Promise<void> {
    if (this.initialized) return;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK_KEY]);
      for (const sql of CATALOG_DDL) await client.query(sql);
      await client.query('COMMIT');
      this.initialized = true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  tableLocation(id: TableIdentifier): string {
    return `${this.settings.warehouse}/${id.namespace.split('.').join('/')}/${id.name}`;
  }

  /** Java's test: a namespace exists if it has properties or holds a table. */
  async namespaceExists(namespace: string): Promise<boolean> {
    await this.initialize();
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM iceberg_namespace_properties WHERE catalog_name = $1 AND namespace = $2
       UNION ALL SELECT 1 FROM iceberg_tables WHERE catalog_name = $1 AND table_namespace = $2 LIMIT 1`,
      [this.name, namespace],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Idempotent: `exists=true` is the marker row every JdbcCatalog writes for a namespace. */
  async createNamespace(namespace: string, properties: Record<string, string> = {}): Promise<void> {
    await this.initialize();
    const entries = Object.entries({ exists: 'true', ...properties });
    for (const [key, value] of entries) {
      await this.pool.query(
        `INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [this.name, namespace, key, value],
      );
    }
  }

  async currentMetadataLocation(id: TableIdentifier): Promise<string | undefined> {
    await this.initialize();
    const { rows } = await this.pool.query<{ metadata_location: string | null }>(
      `SELECT metadata_location FROM iceberg_tables
       WHERE catalog_name = $1 AND table_namespace = $2 AND table_name = $3
         AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)`,
      [this.name, id.namespace, id.name],
    );
    return rows[0]?.metadata_location ?? undefined;
  }

  async tableExists(id: TableIdentifier): Promise<boolean> {
    return (await this.currentMetadataLocation(id)) !== undefined;
  }

  async loadTable(id: TableIdentifier): Promise<LoadedTable> {
    const metadataLocation = await this.currentMetadataLocation(id);
    if (!metadataLocation)
      throw new NoSuchTableError(`Table ${id.namespace}.${id.name} does not exist in ${this.name}`);
    const metadata = parseTableMetadata((await this.io.get(metadataLocation)).toString('utf8'));
    return { ...id, metadataLocation, metadata };
  }

  /** Writes the first metadata file, then claims the name; losing the race leaves an orphan file only. */
  async createTable(
    id: TableIdentifier,
    args: { schema: Schema; spec: PartitionSpec; properties?: Record<string, string> },
  ): Promise<LoadedTable> {
    if (!(await this.namespaceExists(id.namespace))) {
      throw new NoSuchNamespaceError(`Namespace ${id.namespace} does not exist in ${this.name}`);
    }
    if (await this.tableExists(id)) throw new AlreadyExistsError(`Table ${id.namespace}.${id.name} already exists`);
    const location = this.tableLocation(id);
    const metadata = newTableMetadata({ location, ...args });
    const metadataLocation = metadataFileLocation(location, null);
    await this.io.put(metadataLocation, Buffer.from(serializeTableMetadata(metadata)), 'application/json');
    try {
      await this.pool.query(
        `INSERT INTO iceberg_tables
           (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type)
         VALUES ($1, $2, $3, $4, NULL, 'TABLE')`,
        [this.name, id.namespace, id.name, metadataLocation],
      );
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        await this.io.delete(metadataLocation).catch(() => undefined);
        throw new AlreadyExistsError(`Table ${id.namespace}.${id.name} already exists`);
      }
      throw error;
    }
    return { ...id, metadataLocation, metadata };
  }

  /** Creates the table, or loads it when it exists already (including when a concurrent run created it). */
  async createTableIfNotExists(
    id: TableIdentifier,
    args: { schema: Schema; spec: PartitionSpec; properties?: Record<string, string> },
  ): Promise<LoadedTable> {
    try {
      return await this.createTable(id, args);
    } catch (error) {
      if (error instanceof AlreadyExistsError) return this.loadTable(id);
      throw error;
    }
  }

  /**
   * Writes `metadata` as the next metadata file and swaps the catalog pointer from `base`'s file to
   * it, only if nobody else moved it first (JdbcTableOperations' compare-and-swap).
   */
  async commitTable(base: LoadedTable, metadata: TableMetadata): Promise<LoadedTable> {
    const location = metadataFileLocation(metadata.location, base.metadataLocation);
    await this.io.put(location, Buffer.from(serializeTableMetadata(metadata)), 'application/json');
    let updated: number;
    try {
      const result = await this.pool.query(
        `UPDATE iceberg_tables SET metadata_location = $1, previous_metadata_location = $2
         WHERE catalog_name = $3 AND table_namespace = $4 AND table_name = $5 AND metadata_location = $2
           AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)`,
        [location, base.metadataLocation, this.name, base.namespace, base.name],
      );
      updated = result.rowCount ?? 0;
    } catch (error) {
      const current = await this.currentMetadataLocation(base).catch(() => undefined);
      if (current === location) return { ...base, metadataLocation: location, metadata };
      throw new CommitStateUnknownError(
        `Commit of ${base.namespace}.${base.name} to ${location} has an unknown outcome: ${(error as Error).message}`,
      );
    }
    if (updated !== 1) {
      // Definitely not committed: nothing references the file, so it can go.
      await this.io.delete(location).catch(() => undefined);
      throw new CommitFailedError(
        `Table ${base.namespace}.${base.name} changed since ${base.metadataLocation} was read (concurrent commit)`,
      );
    }
    return { ...base, metadataLocation: location, metadata };
  }
}
