#!/usr/bin/env node
import { loadSettings, postgresLogin, runCli } from '@platform/config';
import { Command } from 'commander';
import { readMigrationDir } from './migration-files.js';
import { withClient } from './postgres-client.js';
import { MIGRATIONS_DIR, setupDatabases } from './setup-oltp.js';

const program = new Command('platform-db').description(
  'Operational database: roles, databases, migrations and reference data',
);

program
  .command('migrate')
  .description('create roles and databases, apply pending migrations, load reference data (idempotent)')
  .action(async () => {
    const result = await setupDatabases(loadSettings());
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });

program
  .command('status')
  .description('applied and pending migrations of the OLTP database')
  .action(async () => {
    const settings = loadSettings();
    const files = readMigrationDir(MIGRATIONS_DIR);
    const applied = await withClient(
      postgresLogin(settings, 'oltpReader', settings.postgres.databases.oltp),
      async (c) => {
        const exists = await c.query(`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present`);
        if (!exists.rows[0].present) return 0;
        const { rows } = await c.query('SELECT count(*)::int AS n FROM public.schema_migrations');
        return rows[0].n as number;
      },
    );
    process.stdout.write(`${JSON.stringify({ applied, available: files.length, pending: files.length - applied })}\n`);
  });

await runCli(program);
