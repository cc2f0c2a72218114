import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { connect } from '../../src/postgres-client.js';
import { seedReference } from '../fixtures.js';
import { freshOltpDatabase, type TestDatabase } from './oltp-database.js';

export interface SeededDatabase {
  /** Set before the file's own beforeAll hooks run (hooks run in the order they are registered). */
  db: TestDatabase;
  /** An open connection as ecommerce_writer. */
  writer: pg.Client;
}

/**
 * Registers the setup most rule tests share: a fresh OLTP database with the test reference rows
 * and a writer connection, closed and dropped after the file.
 */
export function seededDatabase(label: string): SeededDatabase {
  const seeded = {} as SeededDatabase;
  beforeAll(async () => {
    seeded.db = await freshOltpDatabase(label);
    await seedReference(seeded.db.owner);
    seeded.writer = await connect(seeded.db.writer);
  });
  afterAll(async () => {
    await seeded.writer?.end();
    await seeded.db?.drop();
  });
  return seeded;
}
