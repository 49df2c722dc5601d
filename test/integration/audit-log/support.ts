import pg from 'pg';
import { generateDemoData } from '../../../src-main/domains/demo/demo-data';
import { createInitialisedDatabase, sql, type TestDatabase } from '../../support/test-db';

export { sql };
export { runGovcon as govcon } from '../../support/cli';

/**
 * The keyset index the browser reads by. The seals migration builds it CONCURRENTLY (branch
 * `seals`, not merged yet); until it lands, tests create the same index themselves.
 */
export const KEYSET_INDEX_SQL = 'CREATE INDEX IF NOT EXISTS idx_console_audit_logs_created_at_id ON audit_logs (created_at, id)';

/** A migrated database with `rows` demo entries (fixed seed and clock), the keyset index, analysed. */
export async function demoDatabase(prefix: string, rows: number, now = new Date('2026-06-01T00:00:00Z')): Promise<TestDatabase> {
  const db = await createInitialisedDatabase(prefix);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await generateDemoData(client, { rows, now, seed: 7 });
    await client.query(KEYSET_INDEX_SQL);
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  return db;
}

/** Ids of the rows `where` matches (constant SQL, for tests), in (created_at, id) order, NULLs last. */
export async function idsInOrder(url: string, where = 'TRUE', values: unknown[] = []): Promise<string[]> {
  const rows = await sql<{ id: string }>(url, `SELECT id FROM audit_logs WHERE ${where} ORDER BY created_at ASC NULLS LAST, id`, values);
  return rows.map((r) => r.id);
}
