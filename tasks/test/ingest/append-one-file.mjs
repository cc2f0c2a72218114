// One process of the concurrency test: appends one single-row data file to a table through the
// compiled Iceberg core, so that N of these started together race on the catalog's compare-and-swap.
import { loadSettings } from '@platform/config';
import { catalogSettings, fastAppend, JdbcCatalog, S3FileIO, writeDataFiles } from '../../dist/iceberg/index.js';

const [namespace, name, tag] = process.argv.slice(2);
const settings = loadSettings();
const catalog = JdbcCatalog.connect(catalogSettings(settings), S3FileIO.fromSettings(settings));
try {
  const table = await catalog.loadTable({ namespace, name });
  const rows = [{ id: String(tag), note: `process ${tag}` }];
  const dataFiles = await writeDataFiles({ io: catalog.io, metadata: table.metadata, rows, filePrefix: `p${tag}` });
  const result = await fastAppend(catalog, {
    table: { namespace, name },
    dataFiles,
    idempotencyKey: { key: 'test.process', value: String(tag) },
    minBackoffMs: 20,
    maxBackoffMs: 400,
    maxAttempts: 30,
  });
  process.stdout.write(`${JSON.stringify({ tag, status: result.status, attempts: result.attempts })}\n`);
} finally {
  await catalog.close();
}
