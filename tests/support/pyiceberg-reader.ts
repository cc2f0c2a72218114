import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadSettings, postgresLogin } from '@platform/config';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READER = fileURLToPath(new URL('../../tasks/test/iceberg/read_with_pyiceberg.py', import.meta.url));

export interface PyIcebergTable {
  rows: Record<string, unknown>[];
  snapshots: Record<string, unknown>[];
}

/**
 * Reads `namespace.table` of the catalog `env` names (ICEBERG_CATALOG_NAME) with PyIceberg, an
 * engine independent of the TypeScript writer. Connection settings go through the environment.
 */
export async function readTableWithPyIceberg(env: NodeJS.ProcessEnv, identifier: string): Promise<PyIcebergTable> {
  const { stdout: venv } = await run('bash', [`${ROOT}scripts/python.sh`, 'venv-path', 'spark'], { env });
  const settings = loadSettings(env);
  const login = postgresLogin(settings, 'catalogOwner', settings.postgres.databases.catalog);
  const { stdout } = await run(`${venv.trim()}/bin/python`, [READER, identifier], {
    env: {
      ...env,
      CATALOG_NAME: settings.iceberg.catalogName,
      CATALOG_URI: `postgresql+psycopg2://${login.user}:${encodeURIComponent(login.password)}@${login.host}:${login.port}/${login.database}`,
      S3_ENDPOINT: settings.s3.endpoint,
      S3_ACCESS_KEY: settings.s3.accessKey,
      S3_SECRET_KEY: settings.s3.secretKey,
    },
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(stdout) as PyIcebergTable;
}
