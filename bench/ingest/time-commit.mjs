// Times the commit step alone, in process: commitTable() of the compiled CLI for a run id that
// `extract` and `load` already prepared (reads load's hand-off, writes manifest list + metadata,
// compare-and-swap in the catalog). Prints {"commit_ms": N, "status": ...}.
//   node bench/ingest/time-commit.mjs TABLE RUN_ID
import { performance } from 'node:perf_hooks';
import { commitTable } from '../../tasks/dist/commit/commit-table.js';

const [table, runId] = process.argv.slice(2);
const t0 = performance.now();
const result = await commitTable({ table, runId });
const ms = performance.now() - t0;
console.log(JSON.stringify({ commit_ms: Math.round(ms * 10) / 10, status: result.status, files: result.output.files }));
