import { postgresLogin, type Settings } from '@platform/config';
import type { JdbcCatalogSettings } from '../iceberg/catalog/jdbc-catalog.js';
import { JdbcCatalog } from '../iceberg/catalog/jdbc-catalog.js';
import { S3FileIO } from '../iceberg/io/s3-file-io.js';

/**
 * The platform's lake as the Iceberg library sees it: the settings resolved by @platform/config
 * turned into the library's own arguments (the library never reads settings itself).
 */

export function catalogSettings(settings: Settings): JdbcCatalogSettings {
  return {
    name: settings.iceberg.catalogName,
    login: postgresLogin(settings, 'catalogOwner', settings.postgres.databases.catalog),
    warehouse: settings.iceberg.warehouse,
  };
}

/** The lake bucket's store (path-style S3 on MinIO). */
export function lakeFileIO(settings: Settings): S3FileIO {
  return S3FileIO.connect(settings.s3);
}

export function connectCatalog(settings: Settings): JdbcCatalog {
  return JdbcCatalog.connect(catalogSettings(settings), lakeFileIO(settings));
}

/** Opens the platform's catalog (its PostgreSQL pool and S3 client) for `work`, and always closes it. */
export async function withCatalog<T>(settings: Settings, work: (catalog: JdbcCatalog) => Promise<T>): Promise<T> {
  const catalog = connectCatalog(settings);
  try {
    return await work(catalog);
  } finally {
    await catalog.close();
  }
}
