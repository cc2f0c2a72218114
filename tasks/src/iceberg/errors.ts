/**
 * The errors of the Iceberg library, by what a caller does about them: a lost compare-and-swap is
 * retried, an unknown outcome is resolved by reloading the table (never by cleaning up), and the
 * rest are reported.
 */

/** The table moved on since the metadata was loaded (a requirement no longer holds): reload, rebuild, retry. */
export class CommitFailedError extends Error {
  override name = 'CommitFailedError';
}

/**
 * The commit may or may not have landed (the connection dropped while the catalog was switching):
 * never delete what it wrote; reload the table to find out.
 */
export class CommitStateUnknownError extends Error {
  override name = 'CommitStateUnknownError';
}

export class NoSuchTableError extends Error {
  override name = 'NoSuchTableError';
}

export class NoSuchNamespaceError extends Error {
  override name = 'NoSuchNamespaceError';
}

export class AlreadyExistsError extends Error {
  override name = 'AlreadyExistsError';
}

/** An update that would make the table metadata invalid (spec rules): a bug or a corrupt table, never retried. */
export class ValidationError extends Error {
  override name = 'ValidationError';
}
