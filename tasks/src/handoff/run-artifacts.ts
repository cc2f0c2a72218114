import type { FileIO } from '../iceberg/io/file-io.js';

/**
 * Where one run's steps leave their results for the next step: small JSON documents in the lake
 * bucket, outside any table location (so table maintenance never sees them). Only a pointer to
 * them travels through stdout / XCom.
 */
export function artifactUri(
  bucket: string,
  namespace: string,
  table: string,
  runId: string,
  step: 'extract' | 'load',
): string {
  return `s3://${bucket}/staging/${namespace}/${table}/${runId}/${step}.json`;
}

export async function writeArtifact(io: FileIO, uri: string, value: unknown): Promise<void> {
  await io.put(uri, Buffer.from(JSON.stringify(value)), 'application/json');
}

export async function readArtifact<T>(io: FileIO, uri: string): Promise<T> {
  if (!(await io.exists(uri)))
    throw new Error(`step result ${uri} does not exist: run the previous step for this run id first`);
  return JSON.parse((await io.get(uri)).toString('utf8')) as T;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,127}$/;

/** Run ids become object keys and summary values: keep them to a safe alphabet. */
export function validateRunId(runId: string): string {
  if (!RUN_ID.test(runId)) {
    throw new Error(
      `run id "${runId}" must be 1-128 characters of letters, digits and _ . : + - (starting with a letter or digit)`,
    );
  }
  return runId;
}
