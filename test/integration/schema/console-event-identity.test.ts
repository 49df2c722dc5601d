import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { envProfile } from '../../../src-main/domains/connections/env-profile';
import { ConnectionManager } from '../../../src-main/platform/db/connection-manager';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { quoteIdentifier } from '../../../src-main/platform/db/sql/identifier';
import { listEvents, recordEvent } from '../../../src-main/schema/console-events';
import { initialise, migrateUp } from '../../../src-main/schema/migrator';
import { CONSOLE_VERSION } from '../../../src-main/shared/version';
import { recordFigure } from '../../support/figures';
import { adminQuery, createTestDatabase, serverPasswordOr, sql, testServer, withDatabase, type TestDatabase } from '../../support/test-db';

/**
 * console_events records who the server authenticated — the session's role, its client address —
 * and the console's version, beside the operator a profile declares. The role and address are
 * set by the server (a trigger over the column defaults), so an INSERT or UPDATE naming them
 * cannot forge them.
 */

const IDENTITY = '20261210T000000-console-event-identity';
const BEFORE = migrations[migrations.findIndex((m) => m.name === IDENTITY) - 1]!.name;
const OPERATOR = { name: 'Anyone At All', email: null };

let db: TestDatabase;
let sequelize: Sequelize;
const role = `gct_writer_${crypto.randomBytes(3).toString('hex')}`;
const rolePassword = serverPasswordOr('writer-secret');

beforeAll(async () => {
  db = await createTestDatabase('event_identity');
  sequelize = createSequelize({ url: db.url, pool: { size: 2, maxOverflow: 0 } });
  await initialise(sequelize, { operator: OPERATOR, to: BEFORE });
  await recordEvent(sequelize, { operator: OPERATOR, action: 'test.before-migration' });
  await migrateUp(sequelize, { operator: OPERATOR });
  await adminQuery(`CREATE ROLE ${quoteIdentifier(role)} LOGIN PASSWORD '${rolePassword.replace(/'/g, "''")}'`);
  await sql(db.url, `GRANT INSERT, SELECT ON console_events TO ${quoteIdentifier(role)}`);
});
afterAll(async () => {
  await sequelize?.close();
  await db?.drop();
  await adminQuery(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`).catch(() => undefined);
});

describe('who wrote a console event', () => {
  it('events written before the migration say nothing of it (null), not a guess', async () => {
    const [old] = await listEvents(sequelize, { action: 'test.before-migration' });
    expect(old).toMatchObject({ sessionRole: null, clientAddr: null, consoleVersion: null });
  });

  it('the console’s own connection records its role, its address and the console version', async () => {
    const manager = new ConnectionManager();
    const profile = envProfile({ DATABASE_URL: db.url })!;
    try {
      const active = await manager.connect(profile.target, profile.password);
      await recordEvent(active.sequelize, { operator: OPERATOR, action: 'test.console' });
      const [event] = await listEvents(active.sequelize, { action: 'test.console' });
      const local = testServer().host;
      expect(event).toMatchObject({ sessionRole: testServer().user, consoleVersion: CONSOLE_VERSION, operatorName: 'Anyone At All' });
      // Over TCP to a loopback address the server sees that address (over a Unix socket: null).
      expect(event!.clientAddr).toBe(local === 'localhost' ? '127.0.0.1' : local.replace(/^\[|\]$/g, ''));
    } finally {
      await manager.closeAll();
    }
  });

  it('another login role is recorded as itself, and naming the columns cannot forge them', async () => {
    const u = new URL(withDatabase(testServer().url, db.name));
    u.username = role;
    u.password = rolePassword;
    await sql(
      u.toString(),
      `INSERT INTO console_events (operator_name, action, session_role, client_addr, console_version)
       VALUES ('Mallory', 'test.forged', 'postgres', '10.9.8.7', '9.9.9')`,
    );
    const [forged] = await listEvents(sequelize, { action: 'test.forged' });
    expect(forged!.sessionRole).toBe(role);
    expect(forged!.clientAddr).not.toBe('10.9.8.7');
    // The version is the console's own claim, not the server's: it is what the writer said.
    expect(forged!.consoleVersion).toBe('9.9.9');

    await sql(db.url, "UPDATE console_events SET session_role = 'someone-else', client_addr = '10.1.1.1' WHERE action = 'test.forged'");
    const [after] = await listEvents(sequelize, { action: 'test.forged' });
    expect(after).toMatchObject({ sessionRole: role, clientAddr: forged!.clientAddr });
    recordFigure('forged-event-identity', {
      what: 'An INSERT and an UPDATE of console_events naming a forged session_role and client_addr',
      inputs: 2,
      failures: 0,
      detail: 'the server recorded the role that logged in and its address both times',
    });
  });

  it('SET ROLE does not change who is recorded: the role that logged in is', async () => {
    await sequelize.transaction(async (transaction) => {
      await sequelize.query(`SET LOCAL ROLE ${quoteIdentifier(role)}`, { transaction });
      await recordEvent({ sequelize, transaction }, { operator: OPERATOR, action: 'test.set-role' });
    });
    const [event] = await listEvents(sequelize, { action: 'test.set-role' });
    expect(event!.sessionRole).toBe(testServer().user);
  });
});
