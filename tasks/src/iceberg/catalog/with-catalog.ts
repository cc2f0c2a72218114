import type { Settings } from '@platform/config';
import { S3FileIO } from '../io/s3-file-io.js';
import { catalogSettings } from './catalog-settings.js';
import { JdbcCatalog } from './jdbc-catalog.js';

/** Opens the platform's catalog (its PostgreSQL pool and S3 client) for `work`, and always closes it. */
export async function withCatalog<T>(settings: Settings, work: (catalog: JdbcCatalog) => Promise<T>): Promise<T> {
  const catalog = JdbcCatalog.connect(catalogSettings(settings), S3FileIO.fromSettings(settings));
  try {
    return await work(catalog);
  } finally {
    await catalog.close();
  }
}
