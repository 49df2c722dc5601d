import pg from 'pg';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { quoteIdentifier } from '../../../src-main/platform/db/sql/identifier';
import { createInitialisedDatabase, sql, type TestDatabase } from '../../support/test-db';

export { sql };

export const OPERATOR = { name: 'Test Operator', email: 'operator@example.test' };

/** A fixed clock for tests: nothing waits for time to pass. */
export const T0 = new Date('2030-01-15T12:00:00.000Z');
export const hours = (n: number) => n * 3_600_000;
export const days = (n: number) => n * 86_400_000;
export const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);

export interface UsersDb {
  db: TestDatabase;
  sequelize: Sequelize;
  close(): Promise<void>;
}

/** A database of its own, initialised by the migrator (service schema + console_events). */
export async function usersDatabase(prefix: string): Promise<UsersDb> {
  const db = await createInitialisedDatabase(prefix, OPERATOR);
  const sequelize = createSequelize({ url: db.url, pool: { size: 4, maxOverflow: 0 } });
  return {
    db,
    sequelize,
    close: async () => {
      await sequelize.close();
      await db.drop();
    },
  };
}

/** Every row of every table and view in the public schema, as JSON text (a pg_dump-like view). */
export async function everyRowAsText(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rels = (
      await client.query<{ schema: string; name: string }>(
        `SELECT n.nspname AS schema, c.relname AS name
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'v', 'm', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
      )
    ).rows;
    const parts: string[] = [];
    for (const r of rels) {
      const res = await client.query<{ t: string }>(
        `SELECT row_to_json(x)::text AS t FROM ${quoteIdentifier(r.schema)}.${quoteIdentifier(r.name)} x`,
      );
      parts.push(`-- ${r.schema}.${r.name}`, ...res.rows.map((row) => row.t));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

/** Console events, oldest first. */
export function events(url: string): Promise<
  {
    action: string;
    target_kind: string | null;
    target_id: string | null;
    operator_name: string;
    operator_email: string | null;
    before: unknown;
    after: unknown;
  }[]
> {
  return sql(
    url,
    'SELECT action, target_kind, target_id, operator_name, operator_email, before, after FROM console_events WHERE action NOT LIKE $1 ORDER BY occurred_at, id',
    ['database.%'],
  );
}
