import type { MigrationFile } from './migration-files.js';

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Decides which migrations to run given what the database says it has applied. Refuses, with a
 * message naming the version, any history that this code cannot explain: an edited migration,
 * a database newer than the code, or a gap.
 */
export function planMigrations(files: MigrationFile[], applied: AppliedMigration[]): MigrationFile[] {
  const byVersion = new Map(files.map((file) => [file.version, file]));
  const sorted = [...applied].sort((a, b) => a.version - b.version);
  sorted.forEach((row, index) => {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new Error(
        `database has migration ${row.version} (${row.name}) that this code does not know: it is newer than the code`,
      );
    }
    if (row.version !== index + 1) {
      throw new Error(`database migration history has a gap before version ${row.version}`);
    }
    if (file.checksum !== row.checksum) {
      throw new Error(
        `migration ${row.version} (${row.name}) was edited after it was applied: add a new migration instead`,
      );
    }
  });
  return files.filter((file) => file.version > sorted.length);
}
