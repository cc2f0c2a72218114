/**
 * The small JSON document every step prints as the last line of stdout, which Airflow keeps as
 * the task's XCom: what the step did, and where its full result document is.
 */
export interface StepOutput {
  step: string;
  run_id: string;
  table: string;
  /** The step's result document (extract.json, load.json) or, for commit, the new metadata file. */
  result: string;
  records: number;
  files: number;
  [key: string]: unknown;
}
