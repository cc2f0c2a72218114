import { setTimeout as sleep } from 'node:timers/promises';
import type { Catalog, LoadedTable, TableIdentifier } from '../catalog/catalog.js';
import { CommitFailedError, CommitStateUnknownError, NoSuchTableError } from '../errors.js';
import type { TableMetadata } from '../table-metadata.js';
import { applyUpdates, buildMetadata } from '../table-metadata-builder.js';
import type { TableRequirement, TableUpdate } from '../table-update.js';
import type { TableAction } from './action.js';
import { backoffMs, retryPolicy } from './retry-policy.js';

export interface TransactionResult {
  /** The table as it is after the transaction; undefined only when there is none and nothing was done. */
  table: LoadedTable | undefined;
  /** Whether this call switched the table (false: every action found its change already there). */
  committed: boolean;
  /** Commits sent to the catalog. */
  attempts: number;
}

export interface TransactionHooks {
  /** Runs once the change is planned and its files are written, just before the catalog switches. */
  beforeCommit?: (attempt: number) => Promise<void>;
  /** The wait between attempts (tests replace it). */
  wait?: (ms: number) => Promise<void>;
}

async function loadIfExists(catalog: Catalog, id: TableIdentifier): Promise<LoadedTable | undefined> {
  try {
    return await catalog.loadTable(id);
  } catch (error) {
    if (error instanceof NoSuchTableError) return undefined;
    throw error;
  }
}

/**
 * The one commit loop every table change goes through (iceberg-rust's `Transaction::commit`):
 * load the current table, let each action plan its updates and requirements on it, and have the
 * catalog apply them atomically. A lost compare-and-swap (CommitFailedError) or an unknown outcome
 * (CommitStateUnknownError) starts over from a fresh load, after a backoff set by the table's
 * `commit.retry.*` properties. After a lost swap the actions remove what that attempt wrote; after
 * an unknown one nothing is removed (it may be referenced), and planning again on the reloaded
 * table is what tells whether the change landed.
 */
export async function commitTransaction(
  catalog: Catalog,
  id: TableIdentifier,
  actions: TableAction[],
  hooks: TransactionHooks = {},
): Promise<TransactionResult> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const table = await loadIfExists(catalog, id);
    const policy = retryPolicy(table?.metadata.properties);
    let metadata: TableMetadata | undefined = table?.metadata;
    const updates: TableUpdate[] = [];
    const requirements: TableRequirement[] = [];
    for (const action of actions) {
      const change = await action.plan({ metadata, attempt });
      if (change.updates.length > 0) {
        // The next action plans on the table as this one leaves it.
        metadata = metadata ? applyUpdates(metadata, change.updates) : buildMetadata({ updates: change.updates });
      }
      updates.push(...change.updates);
      requirements.push(...change.requirements);
    }
    if (updates.length === 0) return { table, committed: false, attempts: attempt - 1 };
    await hooks.beforeCommit?.(attempt);
    try {
      return {
        table: await catalog.commitTable({ identifier: id, requirements, updates }),
        committed: true,
        attempts: attempt,
      };
    } catch (error) {
      const lost = error instanceof CommitFailedError;
      if (!lost && !(error instanceof CommitStateUnknownError)) throw error;
      if (lost) for (const action of actions) await action.abandon?.();
      const delay = backoffMs(attempt, policy);
      if (attempt > policy.numRetries || Date.now() - started + delay > policy.totalTimeoutMs) {
        const message = `${error.message}; gave up after ${attempt} attempts`;
        throw lost ? new CommitFailedError(message) : new CommitStateUnknownError(message);
      }
      await (hooks.wait ?? sleep)(delay);
    }
  }
}
