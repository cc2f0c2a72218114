// One process of the concurrency test: appends one single-row data file to a table through the
// compiled Iceberg core, so that N of these started together race on the catalog's compare-and-swap
// (retrying as the table's commit.retry.* properties say).
import { loadSettings } from '@platform/config';
import { fastAppend, writeDataFiles } from '../../dist/iceberg/index.js';
import { withCatalog } from '../../dist/lake/platform-catalog.js';

const [namespace, name, tag] = process.argv.slice(2);
await withCatalog(loadSettings(), async (catalog) => {
  const table = await catalog.loadTable({ namespace, name });
  const rows = [{ id: String(tag), note: `process ${tag}` }];
  const dataFiles = await writeDataFiles({ io: catalog.io, metadata: table.metadata, rows, filePrefix: `p${tag}` });
  const result = await fastAppend(catalog, {
    table: { namespace, name },
    dataFiles,
    idempotencyKey: { key: 'test.process', value: String(tag) },
  });
  process.stdout.write(`${JSON.stringify({ tag, status: result.status, attempts: result.attempts })}\n`);
});
