import { postgresLogin, ROLES, type Settings } from '@platform/config';
import pg from 'pg';
import { withClient } from './postgres-client.js';

type RoleKey = keyof typeof ROLES;

/** Which login roles may connect to which database; everyone else is refused at connect time. */
function databaseAccess(settings: Settings): { database: string; owner: RoleKey; connect: RoleKey[] }[] {
  const { databases } = settings.postgres;
  return [
    { database: databases.oltp, owner: 'oltpOwner', connect: ['oltpWriter', 'oltpReader', 'oltpReplication'] },
    { database: databases.catalog, owner: 'catalogOwner', connect: [] },
    { database: databases.airflow, owner: 'airflow', connect: [] },
  ];
}

/** Only change capture's role may use replication slots (docs/ingestion.md, "Change capture"). */
const REPLICATION_ROLES: ReadonlySet<RoleKey> = new Set(['oltpReplication']);

async function ensureRole(client: pg.Client, key: RoleKey, password: string): Promise<void> {
  const name = ROLES[key];
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  const verb = exists.rowCount ? 'ALTER' : 'CREATE';
  const replication = REPLICATION_ROLES.has(key) ? 'REPLICATION' : 'NOREPLICATION';
  // Passwords cannot be bind parameters in utility statements, hence the escaped literal.
  await client.query(
    `${verb} ROLE ${pg.escapeIdentifier(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE ${replication} PASSWORD ${pg.escapeLiteral(password)}`,
  );
}

/** Creates a database owned by `owner` that only the listed roles (and the owner) may connect to. */
export async function ensureDatabase(
  client: pg.Client,
  database: string,
  owner: string,
  connectRoles: string[],
): Promise<void> {
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  const db = pg.escapeIdentifier(database);
  if (!exists.rowCount) {
    await client.query(`CREATE DATABASE ${db} OWNER ${pg.escapeIdentifier(owner)} ENCODING 'UTF8' TEMPLATE template0`);
  }
  await client.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
  for (const role of connectRoles) {
    await client.query(`GRANT CONNECT ON DATABASE ${db} TO ${pg.escapeIdentifier(role)}`);
  }
}

/**
 * Creates or updates the platform's login roles (passwords from settings, so rotating a password
 * is a re-run) and its three databases. Needs the superuser; idempotent.
 */
export async function bootstrapCluster(settings: Settings): Promise<void> {
  await withClient(postgresLogin(settings, 'superuser', 'postgres'), async (client) => {
    for (const key of Object.keys(ROLES) as RoleKey[]) {
      await ensureRole(client, key, settings.postgres.passwords[key]);
    }
    for (const { database, owner, connect } of databaseAccess(settings)) {
      await ensureDatabase(
        client,
        database,
        ROLES[owner],
        connect.map((key) => ROLES[key]),
      );
    }
  });
}
