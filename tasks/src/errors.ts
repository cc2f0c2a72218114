import { BadInputError, PlatformError } from '@platform/config';

/** The table registry file is unreadable or malformed, or names no such table. */
export class RegistryError extends BadInputError {}

/** A source column whose type has no faithful Iceberg equivalent. */
export class UnsupportedTypeError extends BadInputError {}

/** Another run committed after this one extracted: committing both would duplicate rows. */
export class StaleRunError extends PlatformError {}
