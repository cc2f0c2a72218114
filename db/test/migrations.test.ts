import { loadSettings, postgresLogin, ROLES } from '@platform/config';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase } from '../src/bootstrap.js';
import { migrate } from '../src/migrate.js';
import { readMigrationDir } from '../src/migration-files.js';
import { withClient } from '../src/postgres-client.js';
import { MIGRATIONS_DIR, migrateOltp } from '../src/setup-oltp.js';
import { freshOltpDatabase, type TestDatabase } from './support/oltp-database.js';

let db: TestDatabase;
const settings = loadSettings();

beforeAll(async () => {
  db = await freshOltpDatabase('migrations');
});

afterAll(async () => {
  await db?.drop();
});

/** Everything a migration or the reference load could change, as one comparable value. */
async function fingerprint(): Promise<unknown> {
  return withClient(db.superuser, async (client) => {
    const history = await client.query(
      'SELECT version, name, checksum, applied_at FROM public.schema_migrations ORDER BY 1',
    );
    const catalog = await client.query(`
      SELECT md5(string_agg(item, '|' ORDER BY item)) AS digest FROM (
        SELECT format('%s.%s %s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull) AS item
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'oltp' AND a.attnum > 0 AND NOT a.attisdropped
        UNION ALL SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'oltp'::regnamespace
        UNION ALL SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid::regclass::text LIKE 'oltp.%'
        UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'oltp'
        UNION ALL SELECT coalesce(relacl::text, '') FROM pg_class WHERE relnamespace = 'oltp'::regnamespace
      ) items`);
    const rows = await client.query(`
      SELECT sum(n)::int AS n, max(t) AS last FROM (
        SELECT count(*) AS n, max(updated_at) AS t FROM oltp.product
        UNION ALL SELECT count(*), max(updated_at) FROM oltp.geo_location
        UNION ALL SELECT count(*), max(updated_at) FROM oltp.order_channel
        UNION ALL SELECT count(*), max(updated_at) FROM oltp.order_status_transition
      ) s`);
    return { history: history.rows, catalog: catalog.rows[0], rows: rows.rows[0] };
  });
}

describe('migration files', () => {
  it('are numbered 1..n without gaps', () => {
    const files = readMigrationDir(MIGRATIONS_DIR);
    expect(files.map((f) => f.version)).toEqual(files.map((_, i) => i + 1));
    expect(files.length).toBeGreaterThanOrEqual(3);
  });
});

describe('migrateOltp', () => {
  it('applies nothing and changes nothing the second time', async () => {
    const before = await fingerprint();
    const result = await migrateOltp(settings, db.name);
    expect(result.applied).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  });

  it('refuses an edited migration', async () => {
    await withClient(db.superuser, (client) =>
      client.query(`UPDATE public.schema_migrations SET checksum = repeat('0', 64) WHERE version = 2`),
    );
    await expect(migrateOltp(settings, db.name)).rejects.toThrow(
      /migration 2 \(business_rules\) was edited after it was applied/,
    );
  });

  it('refuses a database that has tables but no migration history', async () => {
    const name = `${db.name}_stray`;
    const superuser = postgresLogin(settings, 'superuser', 'postgres');
    await withClient(superuser, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await ensureDatabase(client, name, ROLES.oltpOwner, []);
    });
    try {
      const owner = postgresLogin(settings, 'oltpOwner', name);
      await withClient(owner, (client) => client.query('CREATE TABLE public.stray (id int)'));
      await expect(migrate(owner, MIGRATIONS_DIR)).rejects.toThrow(
        /holds 1 relations but no migration history .* refusing to migrate a database in an unknown state/,
      );
    } finally {
      await withClient(superuser, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
      );
    }
  });
});
