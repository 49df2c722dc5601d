import pg from 'pg';

/**
 * Plain pg helpers with no test runner in them: the vitest support (test-db.ts and the
 * per-area support files) and the Playwright tests (test/e2e/db-helpers.ts) share them.
 */

/** One statement on a connection of its own, parameters bound; the whole result. */
export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(
  connection: string | pg.ClientConfig,
  text: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<T>> {
  const client = new pg.Client(typeof connection === 'string' ? { connectionString: connection } : connection);
  await client.connect();
  try {
    return await client.query<T>(text, values);
  } finally {
    await client.end();
  }
}

/** A plain pg query on a connection of its own, parameters bound; its rows. */
export async function sql<T = Record<string, unknown>>(
  connection: string | pg.ClientConfig,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return (await query(connection, text, values)).rows as T[];
}

/** The same server URL, naming another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
