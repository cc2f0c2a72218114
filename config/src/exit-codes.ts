import { CommanderError } from 'commander';
import { BadInputError, CheckFailedError } from './errors.js';

/** The exit codes of every CLI of the platform; docs/cli.md is their one written table. */
export const EXIT = {
  /** Done, including the no-ops (already committed, nothing to do). */
  ok: 0,
  /** Failed: a service unreachable, a conflict beyond retries, a bug. Nothing half-written is visible. */
  failed: 1,
  /** Bad input: an unknown flag or value, a malformed setting or file. Nothing was written. */
  badInput: 2,
  /** A check ran and found a problem: invariants violated, source and lake differ, a service down. */
  checkFailed: 3,
} as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  if (error instanceof BadInputError) return EXIT.badInput;
  if (error instanceof CheckFailedError) return EXIT.checkFailed;
  return EXIT.failed;
}
