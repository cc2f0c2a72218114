/**
 * The errors of the Iceberg library, by what a caller does about them: a lost compare-and-swap is
 * retried, an unknown outcome is resolved by reloading the table (never by cleaning up), and the
 * rest are reported.
 */
export class IcebergError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The table moved on since the metadata was loaded (a requirement no longer holds): reload, rebuild, retry. */
export class CommitFailedError extends IcebergError {}

/**
 * The commit may or may not have landed (the connection dropped while the catalog was switching):
 * never delete what it wrote; reload the table to find out.
 */
export class CommitStateUnknownError extends IcebergError {}

export class NoSuchTableError extends IcebergError {}

export class NoSuchNamespaceError extends IcebergError {}

export class AlreadyExistsError extends IcebergError {}

/** An update that would make the table metadata invalid (spec rules): a bug or a corrupt table, never retried. */
export class ValidationError extends IcebergError {}
