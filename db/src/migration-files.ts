import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MigrationFile {
  version: number;
  name: string;
  checksum: string;
  sql: string;
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Parses and orders migration file names. Versions must run 1, 2, 3, ... without gaps or
 * duplicates, so that two branches adding "the next" migration collide loudly instead of
 * silently interleaving.
 */
export function orderMigrations(files: { fileName: string; sql: string }[]): MigrationFile[] {
  const parsed = files.map(({ fileName, sql }) => {
    const match = FILE_NAME.exec(fileName);
    if (!match) {
      throw new Error(`migration file "${fileName}" must be named NNNN_lower_snake_name.sql`);
    }
    return {
      version: Number(match[1]),
      name: match[2] as string,
      checksum: createHash('sha256').update(sql).digest('hex'),
      sql,
    };
  });
  parsed.sort((a, b) => a.version - b.version);
  parsed.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration versions must be 1..${parsed.length} without gaps or duplicates; found ${migration.version} at position ${index + 1}`,
      );
    }
  });
  return parsed;
}

export function readMigrationDir(dir: string): MigrationFile[] {
  const names = readdirSync(dir).filter((name) => name.endsWith('.sql'));
  return orderMigrations(names.map((fileName) => ({ fileName, sql: readFileSync(join(dir, fileName), 'utf8') })));
}
