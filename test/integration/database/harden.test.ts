import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardenDatabase, roleNames } from '../../../src-main/domains/database/harden';
import { checkPrivileges } from '../../../src-main/domains/database/privileges-check';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { quoteIdentifier } from '../../../src-main/platform/db/sql/identifier';
import { privilegesReportSchema } from '../../../src-main/shared/model/report';
import { runGovcon } from '../../support/cli';
import { recordFigure } from '../../support/figures';
import {
  adminQuery,
  createInitialisedDatabase,
  serverPasswordOr,
  sql,
  testServer,
  withDatabase,
  type TestDatabase,
} from '../../support/test-db';

/**
 * Least privilege with real roles: `govcon harden` makes service, auditor and sealer roles, login
 * roles made their members can do their jobs and cannot rewrite history, and `--check` finds
 * every grant, ownership and membership that could, until there is none (exit 0).
 */

const OPERATOR = { name: 'Harden Tests', email: 'harden@example.test' };
const tag = crypto.randomBytes(3).toString('hex');
const prefix = `gct_${tag}`;
const names = roleNames(prefix);
const login = { service: `${prefix}_svc_login`, auditor: `${prefix}_aud_login`, sealer: `${prefix}_seal_login`, rogue: `${prefix}_rogue` };
const extra = { owner: `${prefix}_owner`, writers: `${prefix}_writers`, future: `${prefix}_future` };
const password = serverPasswordOr('harden-secret');
const q = quoteIdentifier;

let db: TestDatabase;
let sequelize: Sequelize;

function urlAs(role: string): string {
  const u = new URL(withDatabase(testServer().url, db.name));
  u.username = role;
  u.password = password;
  return u.toString();
}

/** The SQLSTATE a statement fails with as `role`, or 'ok'. */
async function as(role: string, statement: string): Promise<string> {
  return sql(urlAs(role), statement).then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? 'error',
  );
}

const AUDIT_ROW = `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
                   VALUES (gen_random_uuid(), 'svc', 'draft', 'wf', 'success', repeat('a', 64))`;

beforeAll(async () => {
  db = await createInitialisedDatabase('harden', OPERATOR);
  sequelize = createSequelize({ url: db.url, pool: { size: 2, maxOverflow: 0 } });
  // One more seal table (console_seal…: harden covers every table of that prefix), and rows to act on.
  await sql(db.url, 'CREATE TABLE console_seal_test (id int PRIMARY KEY, root text)');
  await sql(db.url, "INSERT INTO users (email, name) VALUES ('a@example.org', 'A')");
  await sql(db.url, AUDIT_ROW);
  for (const r of [...Object.values(login), ...Object.values(extra)]) {
    const canLogin = Object.values(login).includes(r) ? `LOGIN PASSWORD '${password.replace(/'/g, "''")}'` : 'NOLOGIN';
    await adminQuery(`CREATE ROLE ${q(r)} ${canLogin}`);
  }
  await sql(db.url, `GRANT CONNECT ON DATABASE ${q(db.name)} TO ${q(login.rogue)}`);
});
afterAll(async () => {
  await sequelize?.close();
  await db?.drop();
  for (const r of [...Object.values(login), ...Object.values(extra), ...Object.values(names)]) {
    await adminQuery(`DROP ROLE IF EXISTS ${q(r)}`).catch(() => undefined);
  }
});

describe('govcon harden --check', () => {
  it('finds each grant, column grant, default grant, ownership and membership that could rewrite history', async () => {
    await sql(db.url, `GRANT UPDATE, DELETE ON audit_logs TO ${q(extra.writers)}`);
    await adminQuery(`GRANT ${q(extra.writers)} TO ${q(login.rogue)}`);
    await sql(db.url, 'GRANT TRUNCATE ON console_events TO PUBLIC');
    await sql(db.url, `GRANT UPDATE (raw_line) ON console_import_lines TO ${q(login.rogue)}`);
    await sql(db.url, `GRANT TRIGGER ON audit_logs TO ${q(login.rogue)}`);
    await sql(db.url, `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT DELETE ON TABLES TO ${q(extra.future)}`);
    await sql(db.url, `GRANT DELETE ON console_seal_test TO ${q(login.rogue)}`);
    await sql(db.url, `GRANT UPDATE ON console_seal_test TO ${q(login.rogue)}`);

    const report = privilegesReportSchema.parse(await checkPrivileges(sequelize, { operator: 'test' }));
    const found = report.findings.map((f) => `${f.kind} ${JSON.stringify(f.detail)}`);
    const has = (kind: string, detail: Record<string, unknown>) =>
      expect(report.findings, `${kind} ${JSON.stringify(detail)} in\n${found.join('\n')}`).toContainEqual(
        expect.objectContaining({ kind, detail: expect.objectContaining(detail) }),
      );
    has('grant', { role: extra.writers, table: 'audit_logs', privilege: 'UPDATE' });
    has('grant', { role: extra.writers, table: 'audit_logs', privilege: 'DELETE' });
    has('grant', { role: 'PUBLIC', table: 'console_events', privilege: 'TRUNCATE' });
    has('grant', { role: login.rogue, table: 'audit_logs', privilege: 'TRIGGER' });
    has('grant', { role: login.rogue, table: 'console_seal_test', privilege: 'DELETE' });
    has('column-grant', { role: login.rogue, table: 'console_import_lines', column: 'raw_line' });
    has('default-grant', { role: extra.future, privilege: 'DELETE' });
    has('membership', { role: login.rogue, of: extra.writers });
    has('ownership', { role: testServer().user, table: 'audit_logs' });
    // The sealer's own UPDATE on a seal table is its work (signed), not a rewrite.
    expect(report.findings).not.toContainEqual(
      expect.objectContaining({ detail: expect.objectContaining({ table: 'console_seal_test', privilege: 'UPDATE' }) }),
    );
    expect(report.tables).toEqual(
      expect.arrayContaining(['audit_logs', 'console_events', 'console_import_files', 'console_import_lines', 'console_seal_test']),
    );
    expect(report.outcome).toBe('findings');

    const cli = await runGovcon(['harden', '--check', '--url', db.url]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`${extra.writers} may UPDATE audit_logs`);
    expect(cli.stdout).toContain(`${login.rogue} is a member of ${extra.writers} and can log in, so has its rights`);
    recordFigure('harden-check-finds-rewriters', {
      what: 'Grants, column grants, default grants, ownerships and memberships planted that could rewrite history, looked for by harden --check',
      inputs: 10,
      failures: 0,
      detail: `${report.total} privileges, owners and memberships examined; ${report.findings.length} findings`,
    });
  });
});

describe('govcon harden', () => {
  it('makes roles whose members can do their jobs and cannot rewrite history', async () => {
    const result = await hardenDatabase(sequelize, { operator: OPERATOR, prefix });
    expect(result.roles.map((r) => [r.purpose, r.name, r.created])).toEqual([
      ['service', names.service, true],
      ['auditor', names.auditor, true],
      ['sealer', names.sealer, true],
    ]);
    expect(result.protectedTables).toEqual(expect.arrayContaining(['audit_logs', 'console_events', 'console_seal_test']));
    await adminQuery(`GRANT ${q(names.service)} TO ${q(login.service)}`);
    await adminQuery(`GRANT ${q(names.auditor)} TO ${q(login.auditor)}`);
    await adminQuery(`GRANT ${q(names.sealer)} TO ${q(login.sealer)}`);

    const service = {
      insertAudit: await as(login.service, AUDIT_ROW),
      readAudit: await as(login.service, 'SELECT count(*) FROM audit_logs'),
      updateAudit: await as(login.service, "UPDATE audit_logs SET outcome = 'failure'"),
      deleteAudit: await as(login.service, 'DELETE FROM audit_logs'),
      truncateAudit: await as(login.service, 'TRUNCATE audit_logs'),
      updateUsers: await as(login.service, "UPDATE users SET name = 'B'"),
      insertUsers: await as(login.service, "INSERT INTO users (email, name) VALUES ('c@example.org', 'C')"),
      deleteUsers: await as(login.service, 'DELETE FROM users'),
      writeEvents: await as(login.service, "INSERT INTO console_events (operator_name, action) VALUES ('svc', 'x')"),
      readView: await as(login.service, 'SELECT * FROM v_user_activity'),
    };
    expect(service).toEqual({
      insertAudit: 'ok',
      readAudit: 'ok',
      updateAudit: '42501',
      deleteAudit: '42501',
      truncateAudit: '42501',
      updateUsers: 'ok',
      insertUsers: 'ok',
      deleteUsers: '42501',
      writeEvents: '42501',
      readView: 'ok',
    });
    const auditor = {
      read: await as(login.auditor, 'SELECT count(*) FROM console_events'),
      write: await as(login.auditor, AUDIT_ROW),
    };
    // No write privilege at all (the group role's read-only sessions apply to its own sessions, not its members').
    expect(auditor).toEqual({ read: 'ok', write: '42501' });
    const sealer = {
      read: await as(login.sealer, 'SELECT count(*) FROM audit_logs'),
      writeSeal: await as(login.sealer, "INSERT INTO console_seal_test VALUES (1, 'r')"),
      updateSeal: await as(login.sealer, "UPDATE console_seal_test SET root = 's'"),
      deleteSeal: await as(login.sealer, 'DELETE FROM console_seal_test'),
      writeAudit: await as(login.sealer, AUDIT_ROW),
    };
    expect(sealer).toEqual({ read: 'ok', writeSeal: 'ok', updateSeal: 'ok', deleteSeal: '42501', writeAudit: '42501' });
    const [stats] = await sql<{ member: boolean }>(
      urlAs(login.sealer),
      "SELECT pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS member",
    );
    expect(stats!.member).toBe(true);

    // Again: nothing new, the same grants (it converges).
    const again = await hardenDatabase(sequelize, { operator: OPERATOR, prefix });
    expect(again.roles.map((r) => r.created)).toEqual([false, false, false]);
    const [event] = await sql<{ n: string }>(db.url, "SELECT count(*)::text AS n FROM console_events WHERE action = 'database.harden'");
    expect(event!.n).toBe('2');
  });

  it('--check exits 0 once nobody but a superuser could rewrite history', async () => {
    await sql(db.url, `REVOKE UPDATE, DELETE ON audit_logs FROM ${q(extra.writers)}`);
    await sql(db.url, 'REVOKE TRUNCATE ON console_events FROM PUBLIC');
    await sql(db.url, `REVOKE ALL ON audit_logs, console_import_lines, console_seal_test FROM ${q(login.rogue)}`);
    await sql(db.url, `REVOKE UPDATE (raw_line) ON console_import_lines FROM ${q(login.rogue)}`);
    await sql(db.url, `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE DELETE ON TABLES FROM ${q(extra.future)}`);
    // History owned by a role nobody can log in as, and so are its schema and database.
    const sealTables = await sql<{ t: string }>(db.url, "SELECT tablename AS t FROM pg_tables WHERE tablename LIKE 'console\\_seal%'");
    expect(sealTables.length).toBeGreaterThan(3); // the migrations' seal tables, and the test's own
    for (const t of ['audit_logs', 'console_events', 'console_import_files', 'console_import_lines', ...sealTables.map((r) => r.t)]) {
      await sql(db.url, `ALTER TABLE ${q(t)} OWNER TO ${q(extra.owner)}`);
    }
    await sql(db.url, `ALTER SCHEMA public OWNER TO ${q(extra.owner)}`);
    await adminQuery(`ALTER DATABASE ${q(db.name)} OWNER TO ${q(extra.owner)}`);

    const cli = await runGovcon(['harden', '--check', '--url', db.url, '--json']);
    const report = privilegesReportSchema.parse(JSON.parse(cli.stdout));
    expect(report.findings, cli.stdout).toEqual([]);
    expect(report).toMatchObject({ outcome: 'clean', findings_not_listed: 0 });
    expect(report.superusers).toContain(testServer().user);
    expect(cli.code).toBe(0);
  });
});
