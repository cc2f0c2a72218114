/**
 * The base of every error the platform raises on purpose: its name is its class's, so a subclass is
 * one line.
 */
export class PlatformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Errors that mean "the caller asked for something wrong" (a flag, a setting, a file's content):
 * every CLI exits with EXIT.badInput for them, and with EXIT.failed for anything else.
 */
export class BadInputError extends PlatformError {}

/** A missing or malformed setting; its message is the one line a user sees. */
export class ConfigError extends BadInputError {}

/** A flag or argument the command cannot accept (after commander's own parsing). */
export class UsageError extends BadInputError {}

/** A check ran to the end and found a problem (invariants, reconciliation, a service down). */
export class CheckFailedError extends PlatformError {}
