import type { PostgresLogin } from '@platform/config';
import pg from 'pg';

/** Connects, turning an unreachable server or refused login into one readable line. */
export async function connect(login: PostgresLogin, applicationName = 'platform'): Promise<pg.Client> {
  const client = new pg.Client({ ...login, application_name: applicationName, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `cannot connect to PostgreSQL at ${login.host}:${login.port}/${login.database} as ${login.user}: ${(error as Error).message}`,
    );
  }
  return client;
}

export async function withClient<T>(login: PostgresLogin, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(login);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
