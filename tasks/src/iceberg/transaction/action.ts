import type { TableMetadata } from '../table-metadata.js';
import type { TableRequirement, TableUpdate } from '../table-update.js';

/** What an action changes on the table it was planned on. No updates: nothing to do (already done). */
export interface ActionCommit {
  updates: TableUpdate[];
  requirements: TableRequirement[];
}

/** The table an action plans on: its metadata after the transaction's earlier actions, if it exists. */
export interface ActionBase {
  metadata: TableMetadata | undefined;
  /** 1 for the first try, then one more for each retry after a lost or unknown commit. */
  attempt: number;
}

/**
 * One change to a table (fast append, update schema, set properties, create), planned against the
 * current metadata and planned again on every retry, as iceberg-rust's TransactionAction. An
 * action must recognise its own change in a table that already holds it: after a commit with an
 * unknown outcome, the retry finds out whether it landed by planning again.
 */
export interface TableAction {
  plan(base: ActionBase): Promise<ActionCommit>;
  /** The attempt built on the last plan definitely did not land: remove what only it referenced. */
  abandon?(): Promise<void>;
}
