import { loadSettings, type Settings } from '@platform/config';
import type { ExtractResult } from '../extract/extract-table.js';
import { faultPoint } from '../fault-points.js';
import { dataFileFromJson } from '../handoff/data-file-json.js';
import { artifactUri, readArtifact, writeArtifact } from '../handoff/run-artifacts.js';
import type { StepOutput } from '../handoff/step-output.js';
import type { TableIdentifier } from '../iceberg/catalog/catalog.js';
import type { DataFile } from '../iceberg/data-file.js';
import type { FileIO } from '../iceberg/io/file-io.js';
import { writeManifest } from '../iceberg/manifest.js';
import type { Schema } from '../iceberg/schema.js';
import { newSnapshotId } from '../iceberg/snapshot.js';
import { currentSchema, type TableMetadata } from '../iceberg/table-metadata.js';
import { createTableIfNotExists } from '../iceberg/transaction/create-table.js';
import { updateSchema } from '../iceberg/transaction/update-schema.js';
import { committedRunIds } from '../incremental/committed-state.js';
import { withCatalog } from '../lake/platform-catalog.js';
import { loadRegistry } from '../registry/table-registry.js';

export interface LoadResult extends Omit<ExtractResult, 'step'> {
  step: 'load';
  /** The manifest listing the run's data files; the snapshot id is chosen here so commit reuses it. */
  manifest: { snapshotId: string; manifestPath: string; manifestLength: number; specId: number } | null;
}

/** Same fields by id, names and types: the table already has the extracted schema. */
function sameFields(a: Schema, b: Schema): boolean {
  return JSON.stringify(a.fields) === JSON.stringify(b.fields);
}

/** The schema commit a run needs: none, or the extracted schema under the next schema id. */
export function schemaChange(metadata: TableMetadata, extracted: Schema, lastColumnId: number) {
  const current = currentSchema(metadata);
  if (sameFields(current, extracted)) return undefined;
  for (const field of current.fields) {
    const kept = extracted.fields.find((f) => f.id === field.id);
    if (!kept || kept.name !== field.name) {
      throw new Error(
        `the table's column ${field.name} (id ${field.id}) changed while this run was extracting: rerun extract`,
      );
    }
  }
  const nextId = Math.max(...metadata.schemas.map((s) => s['schema-id'])) + 1;
  return { schema: { ...extracted, 'schema-id': nextId }, lastColumnId };
}

async function validateFiles(io: FileIO, files: DataFile[]): Promise<void> {
  await Promise.all(
    files.map(async (file) => {
      const size = await io.head(file.filePath);
      if (size !== file.fileSizeInBytes) {
        throw new Error(
          `data file ${file.filePath} is ${size === undefined ? 'missing' : `${size} bytes, not ${file.fileSizeInBytes}`}: rerun extract for this run id`,
        );
      }
    }),
  );
}

/**
 * Makes sure the namespace and table exist with the extracted schema (creating or evolving it),
 * checks every data file is in place with the size extract recorded, and writes the manifest that
 * lists them. The table's data is unchanged until `commit`; rerunning load redoes the same work.
 */
export async function loadTable(options: {
  table: string;
  runId: string;
  settings?: Settings;
}): Promise<{ result: LoadResult; output: StepOutput }> {
  const settings = options.settings ?? loadSettings();
  return withCatalog(settings, async (catalog) => {
    const io = catalog.io;
    const extracted = await readArtifact<ExtractResult>(
      io,
      artifactUri(settings.s3.bucket, loadRegistry().targetNamespace, options.table, options.runId, 'extract'),
    );
    const id: TableIdentifier = { namespace: extracted.namespace, name: extracted.table };
    const resultUri = artifactUri(settings.s3.bucket, id.namespace, id.name, options.runId, 'load');
    const files = extracted.files.map(dataFileFromJson);
    await catalog.createNamespace(id.namespace);
    let table = await createTableIfNotExists(catalog, id, {
      schema: extracted.schema,
      spec: extracted.spec,
      properties: { 'write.format.default': 'parquet', 'write.parquet.compression-codec': 'zstd' },
    });
    if (committedRunIds(table.metadata).has(options.runId) || extracted.alreadyCommitted) {
      const output: StepOutput = {
        step: 'load',
        run_id: options.runId,
        table: id.name,
        result: resultUri,
        records: 0,
        files: 0,
        already_committed: true,
      };
      return { result: { ...extracted, step: 'load', manifest: null, alreadyCommitted: true }, output };
    }
    table = await updateSchema(catalog, id, (metadata) =>
      schemaChange(metadata, extracted.schema, extracted.lastColumnId),
    );
    await validateFiles(io, files);
    let manifest: LoadResult['manifest'] = null;
    if (files.length > 0) {
      const snapshotId = newSnapshotId((table.metadata.snapshots ?? []).map((s) => s['snapshot-id']));
      // Named after the run: a rerun of load overwrites its own manifest instead of adding one.
      const written = await writeManifest(io, table.metadata, snapshotId, files, `${options.runId}-m0.avro`);
      manifest = { ...written, snapshotId: snapshotId.toString() };
    }
    const result: LoadResult = { ...extracted, step: 'load', manifest };
    await faultPoint('load.after-manifest');
    await writeArtifact(io, resultUri, result);
    return {
      result,
      output: {
        step: 'load',
        run_id: options.runId,
        table: id.name,
        result: resultUri,
        records: result.records,
        files: files.length,
      },
    };
  });
}
