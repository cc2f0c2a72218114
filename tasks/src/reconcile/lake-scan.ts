import { tableFromIPC, type Vector } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import type { Catalog, TableIdentifier } from '../iceberg/catalog/catalog.js';
import { decodeManifest, ManifestEntryStatus } from '../iceberg/manifest.js';
import { decodeManifestList } from '../iceberg/manifest-list.js';
import { currentSchema, currentSnapshot } from '../iceberg/table-metadata.js';

/** A cell as text: 64-bit integers and timestamps (microseconds) exactly, strings as they are. */
function cells(vector: Vector): (string | null)[] {
  const out: (string | null)[] = [];
  for (const data of vector.data) {
    const values = data.values as ArrayLike<unknown>;
    const direct = values instanceof BigInt64Array || values instanceof Int32Array;
    for (let i = 0; i < data.length; i++) {
      const at = out.length;
      if (!vector.isValid(at)) out.push(null);
      else if (direct) out.push(String(values[data.offset + i]));
      else out.push(String(vector.get(at)));
    }
  }
  return out;
}

/** The given columns of every live data file of the table's current snapshot, as text. */
export async function scanColumns(
  catalog: Catalog,
  id: TableIdentifier,
  columns: string[],
): Promise<(string | null)[][]> {
  const { metadata } = await catalog.loadTable(id);
  const snapshot = currentSnapshot(metadata);
  if (!snapshot) return columns.map(() => []);
  const schema = currentSchema(metadata);
  const out: (string | null)[][] = columns.map(() => []);
  for (const manifest of decodeManifestList(await catalog.io.get(snapshot['manifest-list']))) {
    if (manifest.content !== 0) throw new Error(`${id.name}: delete files are not supported by reconcile`);
    const spec = metadata['partition-specs'].find((s) => s['spec-id'] === manifest.partitionSpecId);
    if (!spec)
      throw new Error(`${id.name}: manifest ${manifest.manifestPath} names unknown spec ${manifest.partitionSpecId}`);
    for (const entry of decodeManifest(await catalog.io.get(manifest.manifestPath), schema, spec)) {
      if (entry.status === ManifestEntryStatus.DELETED) continue;
      const bytes = await catalog.io.get(entry.dataFile.filePath);
      const table = tableFromIPC(readParquet(new Uint8Array(bytes), { columns }).intoIPCStream());
      columns.forEach((name, i) => {
        const vector = table.getChild(name);
        if (!vector) throw new Error(`${id.name}: data file ${entry.dataFile.filePath} has no column ${name}`);
        (out[i] as (string | null)[]).push(...cells(vector));
      });
    }
  }
  return out;
}
