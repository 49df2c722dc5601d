import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { initialise, migrationStatus } from '../../../src-main/schema/migrator';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { inspectSchema } from '../../../src-main/schema/inspect';
import { diffServiceSchema } from '../../../src-main/schema/service-schema';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';
import { runSql, SERVICE_SQL } from '../schema/support';
import { OPERATOR, sql } from './support';

/**
 * The user-indexes migration on a database the service created: adopted at the baseline, the
 * indexes are added beside the service's own, and the service's schema still compares equal.
 */
const NAME = '20261127T020000-user-indexes';
const MIGRATION = migrations.find((m) => m.name === NAME)!;
const DEFINITIONS = [
  'CREATE INDEX idx_console_users_created_at_id ON public.users USING btree (created_at, id)',
  'CREATE INDEX idx_console_users_last_login_at_id ON public.users USING btree (last_login_at, id)',
  'CREATE INDEX idx_console_users_lower_email ON public.users USING btree (lower((email)::text))',
];

let db: TestDatabase;
let sequelize: ReturnType<typeof createSequelize>;

beforeAll(async () => {
  db = await createTestDatabase('user_idx');
  sequelize = createSequelize({ url: db.url, pool: { size: 2, maxOverflow: 0 } });
  await runSql(db.url, `${SERVICE_SQL}\nINSERT INTO users (email, name) VALUES ('Someone@example.org', 'Someone');`);
});
afterAll(async () => {
  await sequelize?.close();
  await db?.drop();
});

const consoleIndexes = async () =>
  (
    await sql<{ indexdef: string }>(
      db.url,
      "SELECT indexdef FROM pg_indexes WHERE tablename = 'users' AND starts_with(indexname, 'idx_console_') ORDER BY indexname",
    )
  ).map((r) => r.indexdef);

const run = (direction: 'up' | 'down') =>
  sequelize.transaction((transaction) => MIGRATION[direction]({ name: NAME, context: { sequelize, transaction } }));

describe('the user-indexes migration', () => {
  it('is listed last, after the migrations it was written after', () => {
    const names = migrations.map((m) => m.name);
    expect(names).toContain(NAME);
    expect(names.indexOf(NAME)).toBeGreaterThan(names.indexOf('20261127T000000-console-events'));
  });

  it("runs when a service-created database is adopted, and the service's schema still compares equal", async () => {
    const result = await initialise(sequelize, { operator: OPERATOR });
    expect(result).toMatchObject({ stateBefore: 'adoptable', adopted: migrations[0]!.name });
    expect(result.applied).toContain(NAME);
    expect(await consoleIndexes()).toEqual(DEFINITIONS);
    expect(diffServiceSchema(await inspectSchema(sequelize))).toMatchObject({ problems: [] });
    expect(await migrationStatus(sequelize)).toMatchObject({ state: 'managed', pending: [] });
  });

  it('down drops exactly its indexes; up is idempotent', async () => {
    const serviceIndexes = async () =>
      (
        await sql<{ indexname: string }>(
          db.url,
          "SELECT indexname FROM pg_indexes WHERE tablename = 'users' AND NOT starts_with(indexname, 'idx_console_') ORDER BY 1",
        )
      ).map((r) => r.indexname);
    const before = await serviceIndexes();
    expect(before).toEqual(['idx_users_email', 'idx_users_is_active', 'idx_users_role', 'users_email_key', 'users_pkey']);
    await run('down');
    expect(await consoleIndexes()).toEqual([]);
    expect(await serviceIndexes()).toEqual(before);
    await run('up');
    await run('up'); // IF NOT EXISTS: a second run (or hand-made indexes of these names) is no error
    expect(await consoleIndexes()).toEqual(DEFINITIONS);
  });
});
