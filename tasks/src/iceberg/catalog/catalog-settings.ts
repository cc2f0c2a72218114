import { ConfigError, type PostgresLogin, postgresLogin, type Settings } from '@platform/config';

export interface CatalogSettings {
  /** `catalog_name` in the JDBC tables: every engine (Spark, PyIceberg, Trino) must use the same one. */
  name: string;
  login: PostgresLogin;
  /** `s3://<bucket>/warehouse/<catalog>` unless ICEBERG_WAREHOUSE says otherwise; tables live at `<warehouse>/<namespace>/<table>`. */
  warehouse: string;
}

export function catalogSettings(settings: Settings, env: NodeJS.ProcessEnv = process.env): CatalogSettings {
  const name = env.ICEBERG_CATALOG_NAME || 'lakehouse';
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,254}$/.test(name)) {
    throw new ConfigError(`ICEBERG_CATALOG_NAME must be a plain name, got "${name}"`);
  }
  return {
    name,
    login: postgresLogin(settings, 'catalogOwner', settings.postgres.databases.catalog),
    // One prefix per catalog: a maintenance job of one catalog (remove_orphan_files) must never
    // see another catalog's files as orphans.
    warehouse: (env.ICEBERG_WAREHOUSE || `s3://${settings.s3.bucket}/warehouse/${name}`).replace(/\/+$/, ''),
  };
}
