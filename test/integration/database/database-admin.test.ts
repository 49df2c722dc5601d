import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { listEvents, recordEvent } from '../../../src-main/schema/console-events';
import {
  createDatabaseIfMissing,
  getDatabaseStatus,
  initialiseDatabase,
  listTables,
  migrateDatabase,
} from '../../../src-main/domains/database/database-admin';
import { adminQuery, adminUrl, createTestDatabase, withDatabase, type TestDatabase } from '../../support/test-db';
import { connect, OPERATOR, rows } from '../schema/support';

const NAMES = migrations.map((m) => m.name);

describe('creating databases', () => {
  it('creates a database whose name needs quoting, once', async () => {
    const name = `gct_adm "x" ${crypto.randomBytes(3).toString('hex')}`;
    try {
      expect(await createDatabaseIfMissing(adminUrl(), name)).toEqual({ name, created: true });
      expect(await createDatabaseIfMissing(adminUrl(), name)).toEqual({ name, created: false });
      const found = await rows(adminUrl(), 'SELECT datname FROM pg_database WHERE datname = $1', [name]);
      expect(found).toEqual([{ datname: name }]);
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
    }
  });

  it('refuses names PostgreSQL would truncate or cannot hold, before connecting', async () => {
    const unreachable = 'postgres://nobody@127.0.0.1:1/postgres';
    await expect(createDatabaseIfMissing(unreachable, '')).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(createDatabaseIfMissing(unreachable, 'a'.repeat(64))).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(createDatabaseIfMissing(unreachable, 'bad\u0000name')).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('initialises a database it creates first, in one call', async () => {
    const name = `gct_adm_new_${crypto.randomBytes(3).toString('hex')}`;
    const sequelize = connect(withDatabase(adminUrl(), name));
    try {
      const result = await initialiseDatabase(sequelize, { operator: OPERATOR, createWith: adminUrl() });
      expect(result).toMatchObject({ databaseCreated: true, stateBefore: 'empty', applied: NAMES });
      const again = await initialiseDatabase(sequelize, { operator: OPERATOR, createWith: adminUrl() });
      expect(again).toMatchObject({ databaseCreated: false, stateBefore: 'managed', applied: [] });
    } finally {
      await sequelize.close();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});

describe('looking at a database', () => {
  let db: TestDatabase;
  let sequelize: Sequelize;
  beforeAll(async () => {
    db = await createTestDatabase('mig_admin');
    sequelize = connect(db.url);
  });
  afterAll(async () => {
    await sequelize?.close();
    await db?.drop();
  });

  it('reports where it is connected and where the schema stands', async () => {
    const status = await getDatabaseStatus(sequelize);
    expect(status).toMatchObject({ database: db.name, migrations: { state: 'empty', pending: NAMES } });
    expect(status.serverVersion).toMatch(/^\d+/);
    await expect(migrateDatabase(sequelize, { operator: OPERATOR })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await initialiseDatabase(sequelize, { operator: OPERATOR });
    expect((await getDatabaseStatus(sequelize)).migrations).toMatchObject({ state: 'managed', applied: NAMES });
  });

  it('lists tables and views with row counts, exact or estimated', async () => {
    await rows(
      db.url,
      `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
       SELECT uuid_generate_v4(), 'actor' || (i % 3), 'grunt', 'w' || (i % 2), 'success', repeat('0', 64)
         FROM generate_series(1, 50) AS i`,
    );
    await rows(db.url, 'CREATE TABLE "Odd ""Name""" (x int)');
    await rows(db.url, 'INSERT INTO "Odd ""Name""" VALUES (1), (2)');

    const tables = await listTables(sequelize);
    const byName = Object.fromEntries(tables.map((t) => [t.name, t]));
    expect(tables.map((t) => t.name)).toEqual([...tables.map((t) => t.name)].sort());
    expect(byName.audit_logs).toEqual({ name: 'audit_logs', kind: 'table', owner: 'service', rows: 50, estimated: false });
    expect(byName.users).toMatchObject({ owner: 'service', rows: 1 });
    expect(byName.console_migrations).toMatchObject({ owner: 'console', rows: NAMES.length });
    expect(byName.console_events).toMatchObject({ owner: 'console', rows: 1 });
    expect(byName['Odd "Name"']).toMatchObject({ kind: 'table', owner: 'other', rows: 2 });
    expect(byName.v_recent_governance).toMatchObject({ kind: 'view', owner: 'service', rows: 50 });
    expect(byName.v_workflow_success_rate).toMatchObject({ kind: 'view', rows: 2 });
    expect(byName.v_drag_mode_distribution).toMatchObject({ kind: 'view', rows: 1 });
    expect(byName.v_user_activity).toMatchObject({ kind: 'view', rows: 1 });

    await rows(db.url, 'ANALYZE audit_logs');
    const estimated = Object.fromEntries((await listTables(sequelize, { exactUpTo: 10 })).map((t) => [t.name, t]));
    expect(estimated.audit_logs).toMatchObject({ rows: 50, estimated: true });
    expect(estimated.v_recent_governance).toMatchObject({ rows: 50, estimated: false });
  });

  it('records console events with bound parameters, inside a caller transaction or not', async () => {
    const tricky = "O'Brien; DROP TABLE users; --";
    const event = await recordEvent(sequelize, {
      operator: { name: tricky, email: 'ob@example.org' },
      action: 'users.update',
      targetKind: 'user',
      targetId: '11111111-1111-4111-8111-111111111111',
      before: { name: 'a', tags: ['x'] },
      after: { name: "b'c", nested: { n: 1.5, none: null } },
    });
    expect(event).toMatchObject({
      operatorName: tricky,
      action: 'users.update',
      before: { name: 'a', tags: ['x'] },
      after: { name: "b'c", nested: { n: 1.5, none: null } },
    });
    const [latest] = await listEvents(sequelize, { targetKind: 'user' });
    expect(latest).toEqual(event);

    // In a transaction that rolls back, the event goes with it.
    await sequelize
      .transaction(async (transaction) => {
        await recordEvent({ sequelize, transaction }, { operator: OPERATOR, action: 'keys.revoke' });
        expect(await listEvents({ sequelize, transaction }, { action: 'keys.revoke' })).toHaveLength(1);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await listEvents(sequelize, { action: 'keys.revoke' })).toEqual([]);

    await expect(recordEvent(sequelize, { operator: { name: ' ' }, action: 'x' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(recordEvent(sequelize, { operator: OPERATOR, action: '' })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await rows(db.url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 1 }]);
  });
});
