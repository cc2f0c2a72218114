import pg from 'pg';
import {
  AlreadyExistsError,
  CommitFailedError,
  CommitStateUnknownError,
  NoSuchNamespaceError,
  NoSuchTableError,
} from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import {
  metadataFileLocation,
  parseTableMetadata,
  serializeTableMetadata,
  type TableMetadata,
} from '../table-metadata.js';
import { buildMetadata } from '../table-metadata-builder.js';
import { checkRequirements } from '../table-requirements.js';
import type { Catalog, LoadedTable, TableCommit, TableIdentifier } from './catalog.js';

export interface JdbcCatalogSettings {
  /** `catalog_name` in the JDBC tables. */
  name: string;
  /** The PostgreSQL database holding the catalog tables, and the role that owns them. */
  login: { host: string; port: number; database: string; user: string; password: string };
  /** Tables live at `<warehouse>/<namespace>/<table>`. */
  warehouse: string;
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

/** Metadata files never change once written: the text of the last few read is kept by location. */
const METADATA_CACHE_SIZE = 16;

/** The Iceberg JDBC catalog: one row per table in PostgreSQL, switched by compare-and-swap. */
export class JdbcCatalog implements Catalog {
  private initialized = false;
  private readonly metadataText = new Map<string, string>();

  constructor(
    private readonly pool: pg.Pool,
    readonly settings: JdbcCatalogSettings,
    readonly io: FileIO,
  ) {}

  static connect(settings: JdbcCatalogSettings, io: FileIO): JdbcCatalog {
    const pool = new pg.Pool({ ...settings.login, max: 4, application_name: 'iceberg-ts' });
    // A connection that dies while idle in the pool is dropped by the pool; without a listener
    // its error would end the process.
    pool.on('error', () => undefined);
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

  async dropTable(id: TableIdentifier): Promise<boolean> {
    await this.initialize();
    const result = await this.pool.query(
      `DELETE FROM iceberg_tables
       WHERE catalog_name = $1 AND table_namespace = $2 AND table_name = $3
         AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)`,
      [this.name, id.namespace, id.name],
    );
    return result.rowCount === 1;
  }

  async loadTable(id: TableIdentifier): Promise<LoadedTable> {
    const metadataLocation = await this.currentMetadataLocation(id);
    if (!metadataLocation) {
      throw new NoSuchTableError(`Table ${id.namespace}.${id.name} does not exist in ${this.name}`);
    }
    return { ...id, metadataLocation, metadata: await this.readMetadata(metadataLocation) };
  }

  private async readMetadata(location: string): Promise<TableMetadata> {
    let text = this.metadataText.get(location);
    if (text === undefined) {
      text = (await this.io.get(location)).toString('utf8');
      this.metadataText.set(location, text);
      if (this.metadataText.size > METADATA_CACHE_SIZE) {
        this.metadataText.delete(this.metadataText.keys().next().value as string);
      }
    }
    // Parsed on every read: callers get their own object, whatever they do with it.
    return parseTableMetadata(text);
  }

  /**
   * Checks the requirements against the current metadata, writes the next metadata file and swaps
   * the catalog row from the current file to it, only if nobody moved it meanwhile
   * (JdbcTableOperations' compare-and-swap). A new table (`assert-create`) is an INSERT instead.
   */
  async commitTable(commit: TableCommit): Promise<LoadedTable> {
    const id = commit.identifier;
    const creating = commit.requirements.some((r) => r.type === 'assert-create');
    if (creating && !(await this.namespaceExists(id.namespace))) {
      throw new NoSuchNamespaceError(`Namespace ${id.namespace} does not exist in ${this.name}`);
    }
    const base = await this.currentMetadataLocation(id).then(async (location) =>
      location ? { location, metadata: await this.readMetadata(location) } : undefined,
    );
    if (creating && base) throw new AlreadyExistsError(`Table ${id.namespace}.${id.name} already exists`);
    if (!creating && !base)
      throw new NoSuchTableError(`Table ${id.namespace}.${id.name} does not exist in ${this.name}`);
    checkRequirements(commit.requirements, base?.metadata);
    const metadata = buildMetadata({ ...(base ? { base } : {}), updates: commit.updates });
    const location = metadataFileLocation(metadata.location, base?.location ?? null);
    const text = serializeTableMetadata(metadata);
    await this.io.put(location, Buffer.from(text), 'application/json');
    const client = await this.pool.connect().catch(async (error: unknown) => {
      // Nothing was sent: the file is referenced by nobody.
      await this.io.delete(location).catch(() => undefined);
      throw error;
    });
    // A connection lost mid-statement also emits an error event, later: the error handled below.
    const ignore = () => undefined;
    client.on('error', ignore);
    let switched: boolean;
    try {
      switched = base
        ? await swap(client, this.name, id, base.location, location)
        : await insert(client, this.name, id, location);
      client.off('error', ignore);
      client.release();
    } catch (error) {
      if (error instanceof AlreadyExistsError) {
        client.off('error', ignore);
        client.release();
        await this.io.delete(location).catch(() => undefined);
        throw error;
      }
      client.release(error as Error);
      // The statement may have run before the connection was lost: the file may be referenced.
      throw new CommitStateUnknownError(
        `Commit of ${id.namespace}.${id.name} to ${location} has an unknown outcome: ${(error as Error).message}`,
      );
    }
    if (!switched) {
      // Definitely not committed: nothing references the file, so it can go.
      await this.io.delete(location).catch(() => undefined);
      throw new CommitFailedError(
        `Table ${id.namespace}.${id.name} changed since ${base?.location} was read (concurrent commit)`,
      );
    }
    this.metadataText.set(location, text);
    return { ...id, metadataLocation: location, metadata };
  }
}

async function swap(client: pg.PoolClient, catalog: string, id: TableIdentifier, from: string, to: string) {
  const result = await client.query(
    `UPDATE iceberg_tables SET metadata_location = $1, previous_metadata_location = $2
     WHERE catalog_name = $3 AND table_namespace = $4 AND table_name = $5 AND metadata_location = $2
       AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)`,
    [to, from, catalog, id.namespace, id.name],
  );
  return result.rowCount === 1;
}

/** Claims the name; losing the race to another creator leaves nothing behind. */
async function insert(client: pg.PoolClient, catalog: string, id: TableIdentifier, location: string) {
  try {
    await client.query(
      `INSERT INTO iceberg_tables
         (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type)
       VALUES ($1, $2, $3, $4, NULL, 'TABLE')`,
      [catalog, id.namespace, id.name, location],
    );
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new AlreadyExistsError(`Table ${id.namespace}.${id.name} already exists`);
    }
    throw error;
  }
}
