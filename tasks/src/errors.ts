import { BadInputError, CheckFailedError, PlatformError } from '@platform/config';

/** The table registry file is unreadable or malformed, or names no such table. */
export class RegistryError extends BadInputError {}

/** A source column whose type has no faithful Iceberg equivalent. */
export class UnsupportedTypeError extends BadInputError {}

/** Another run committed after this one extracted: committing both would duplicate rows. */
export class StaleRunError extends PlatformError {}

/** The change stream cannot be read exactly: its slot is missing or invalidated, or a message is malformed. */
export class ChangeStreamError extends PlatformError {}

/** The table is ingested in the other mode: switching this way would read rows twice. */
export class ModeError extends BadInputError {}

/** `reconcile` found the lake and the source disagreeing (exit 3, a failed check). */
export class ReconcileError extends CheckFailedError {}
