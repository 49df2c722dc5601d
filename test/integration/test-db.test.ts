import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

describe('test database support', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('support');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives each test file a fresh, empty database of its own', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string; n: string }>(
        "SELECT current_database() AS db, count(*)::text AS n FROM pg_tables WHERE schemaname = 'public'",
      );
      expect(rows[0]).toEqual({ db: db.name, n: '0' });
    } finally {
      await client.end();
    }
  });
});
