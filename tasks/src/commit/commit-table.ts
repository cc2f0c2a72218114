import { loadSettings, type Settings } from '@platform/config';
import { StaleRunError } from '../errors.js';
import { faultPoint } from '../fault-points.js';
import { dataFileFromJson } from '../handoff/data-file-json.js';
import { artifactUri, readArtifact } from '../handoff/run-artifacts.js';
import type { StepOutput } from '../handoff/step-output.js';
import { fastAppend } from '../iceberg/transaction/fast-append.js';
import { committedState } from '../incremental/committed-state.js';
import type { IngestState } from '../incremental/extraction-window.js';
import { STATE_KEYS, stateToProperties } from '../incremental/extraction-window.js';
import { withCatalog } from '../lake/platform-catalog.js';
import type { LoadResult } from '../load/load-table.js';
import { loadRegistry } from '../registry/table-registry.js';

function sameState(a: IngestState, b: IngestState): boolean {
  return a.watermark === b.watermark && a.pgSnapshot === b.pgSnapshot && a.lsn === b.lsn;
}

/**
 * Commits the run's files as one fast-append snapshot. The watermark and the PostgreSQL snapshot
 * go into the same metadata commit (snapshot summary and table properties), so data and watermark
 * land together or not at all; the run id makes a repeated commit a successful no-op.
 */
export async function commitTable(options: {
  table: string;
  runId: string;
  settings?: Settings;
  /** Test hook: runs just before each compare-and-swap. */
  beforeCommit?: (attempt: number) => Promise<void>;
}): Promise<{ output: StepOutput; snapshotId: string | null; status: string }> {
  const settings = options.settings ?? loadSettings();
  return withCatalog(settings, async (catalog) => {
    const io = catalog.io;
    const loaded = await readArtifact<LoadResult>(
      io,
      artifactUri(settings.s3.bucket, loadRegistry().targetNamespace, options.table, options.runId, 'load'),
    );
    const base = {
      step: 'commit',
      run_id: options.runId,
      table: loaded.table,
      result: '',
      records: loaded.records,
      files: loaded.files.length,
    };
    if (loaded.alreadyCommitted) {
      return {
        output: { ...base, records: 0, files: 0, status: 'already-committed' },
        snapshotId: null,
        status: 'already-committed',
      };
    }
    if (loaded.files.length === 0 && loaded.state.lsn === loaded.previousState.lsn) {
      // No new row versions: an empty snapshot would only clutter history; the next run starts
      // from the same committed state, which is still exact. (In change capture a moved LSN is
      // committed even without rows: the slot is confirmed only up to what every table committed.)
      return { output: { ...base, status: 'nothing-to-commit' }, snapshotId: null, status: 'nothing-to-commit' };
    }
    const state = stateToProperties(loaded.state, options.runId, loaded.source);
    const { [STATE_KEYS.runId]: _, ...summary } = state;
    const committed = await fastAppend(
      catalog,
      {
        table: { namespace: loaded.namespace, name: loaded.table },
        dataFiles: loaded.files.map(dataFileFromJson),
        summary,
        idempotencyKey: { key: STATE_KEYS.runId, value: options.runId },
        properties: state,
        ...(loaded.manifest
          ? { prepared: { ...loaded.manifest, snapshotId: BigInt(loaded.manifest.snapshotId) } }
          : {}),
        validate: (base) => {
          if (!sameState(committedState(base), loaded.previousState)) {
            throw new StaleRunError(
              `run ${options.runId} extracted ${loaded.table} from a state another run has committed past: rerun extract with a new run id`,
            );
          }
        },
      },
      { beforeCommit: options.beforeCommit ?? (() => faultPoint('commit.before-cas')) },
    );
    if (committed.status === 'committed') await faultPoint('commit.after-cas');
    const snapshotId = committed.snapshotId.toString();
    return {
      output: {
        ...base,
        result: committed.metadataLocation,
        status: committed.status,
        snapshot_id: snapshotId,
        attempts: committed.attempts,
        watermark: loaded.state.watermark,
        ...(loaded.state.lsn ? { lsn: loaded.state.lsn } : {}),
        ...(committed.status === 'already-committed' ? { records: 0, files: 0 } : {}),
      },
      snapshotId,
      status: committed.status,
    };
  });
}
