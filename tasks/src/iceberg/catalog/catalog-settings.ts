import { type PostgresLogin, postgresLogin, type Settings } from '@platform/config';

export interface CatalogSettings {
  /** `catalog_name` in the JDBC tables: every engine (Spark, PyIceberg, Trino) must use the same one. */
  name: string;
  login: PostgresLogin;
  /** `s3://<bucket>/warehouse/<catalog>` unless ICEBERG_WAREHOUSE says otherwise; tables live at `<warehouse>/<namespace>/<table>`. */
  warehouse: string;
}

export function catalogSettings(settings: Settings): CatalogSettings {
  return {
    name: settings.iceberg.catalogName,
    login: postgresLogin(settings, 'catalogOwner', settings.postgres.databases.catalog),
    warehouse: settings.iceberg.warehouse,
  };
}
