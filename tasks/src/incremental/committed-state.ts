import { ancestry, type TableMetadata } from '../iceberg/table-metadata.js';
import { INITIAL_STATE, type IngestState, STATE_KEYS, stateFromProperties } from './extraction-window.js';

/**
 * The state the last committed ingestion left: from the newest snapshot of the current branch that
 * carries it (maintenance snapshots such as rewrite_data_files carry none, so they are skipped),
 * else from the table properties, which every ingestion commit also sets and which survive
 * expire_snapshots.
 */
export function committedState(metadata: TableMetadata | undefined): IngestState {
  if (!metadata) return INITIAL_STATE;
  for (const snapshot of ancestry(metadata)) {
    const state = stateFromProperties(snapshot.summary);
    if (state) return state;
  }
  return stateFromProperties(metadata.properties) ?? INITIAL_STATE;
}

export function committedRunIds(metadata: TableMetadata | undefined): Set<string> {
  const ids = new Set<string>();
  if (!metadata) return ids;
  for (const snapshot of ancestry(metadata)) {
    const id = snapshot.summary[STATE_KEYS.runId];
    if (id) ids.add(id);
  }
  return ids;
}
