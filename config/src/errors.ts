/**
 * Errors that mean "the caller asked for something wrong" (a flag, a setting, a file's content):
 * every CLI exits with EXIT.badInput for them, and with EXIT.failed for anything else.
 */
export class BadInputError extends Error {
  override name = 'BadInputError';
}

/** A missing or malformed setting; its message is the one line a user sees. */
export class ConfigError extends BadInputError {
  override name = 'ConfigError';
}

/** A flag or argument the command cannot accept (after commander's own parsing). */
export class UsageError extends BadInputError {
  override name = 'UsageError';
}

/** A check ran to the end and found a problem (invariants, reconciliation, a service down). */
export class CheckFailedError extends Error {
  override name = 'CheckFailedError';
}
