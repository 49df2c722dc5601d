import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { parseConnectionUrl } from '../../../src-main/platform/db/url';
import { SERVICE_TABLE_NAMES, SERVICE_VIEW_NAMES } from '../../../src-main/schema/service-schema';
import { scramVerifier } from '../../../src-main/domains/database/auditor-role';
import { generateDemoData } from '../../../src-main/domains/demo/demo-data';
import type { ProfileInput } from '../../../src-main/shared/model/profile';
import { dbV1ReportSchema } from '../../../src-main/shared/model/report';
import {
  adminQuery,
  adminUrl,
  createTestDatabase,
  serverPasswordInEnvironment,
  serverPasswordOr,
  withDatabase,
  type TestDatabase,
} from '../../support/test-db';
import { eventually, query, startRuntime, type RuntimeHarness } from './support';

/**
 * The main process without Electron, driven as the renderer drives it: every call goes
 * through runtime.router.dispatch (validation, trusted sender, error classification), long
 * work through jobs. Against the shared test server, in databases of this file's own.
 */

const NAMES = migrations.map((m) => m.name);
const tag = crypto.randomBytes(4).toString('hex');
// The test server's own password when it needs one (then both are the same), else ones trust auth ignores.
const PROFILE_PASSWORD = serverPasswordOr(`profile-secret-${tag}`);
const ENV_PASSWORD = serverPasswordOr(`env-secret-${tag}`);
const AUDITOR_PASSWORD = `auditor-secret-${tag}`;
const AUDITOR = `gct_auditor_${tag}`;
const ENV_APP = `govcon-env-${tag}`;
const OPERATOR = { name: 'Ada Lovelace', email: 'ada@example.org' };

let db: TestDatabase;
let server: { host: string; port: number; user: string };
let h: RuntimeHarness;
const freshName = `gct_rt_fresh_${tag}`;
const ids: Record<string, string> = {};
let restorePgPassword: (() => void) | undefined;

function profile(overrides: Partial<ProfileInput>): ProfileInput {
  return {
    name: 'Staging',
    ...server,
    database: db.name,
    applicationName: `govcon-rt-${tag}`,
    environment: { name: 'staging' },
    operator: OPERATOR,
    ...overrides,
  };
}

const sessions = async (where: 'app' | 'db', value: string): Promise<number> => {
  const column = where === 'app' ? 'application_name' : 'datname';
  const [row] = await query<{ n: number }>(adminUrl(), `SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${column} = $1`, [value]);
  return row!.n;
};

/** Every file under dir, as text. */
function filesUnder(dir: string): Array<{ file: string; text: string }> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [{ file: p, text: fs.readFileSync(p, 'utf8') }];
  });
}

beforeAll(async () => {
  // The profiles created without a password connect with PGPASSWORD (when the server needs one).
  restorePgPassword = serverPasswordInEnvironment();
  db = await createTestDatabase('runtime');
  const parsed = parseConnectionUrl(db.url).fields;
  server = { host: parsed.host, port: parsed.port, user: parsed.user };
  const envUrl = new URL(db.url);
  envUrl.password = ENV_PASSWORD; // nothing may repeat it
  envUrl.searchParams.set('application_name', ENV_APP);
  h = startRuntime({ env: { DATABASE_URL: envUrl.toString() } });
});

afterAll(async () => {
  await h?.close();
  await Promise.all([db?.drop(), adminQuery(`DROP DATABASE IF EXISTS "${freshName}" WITH (FORCE)`)]);
  await adminQuery(`DROP ROLE IF EXISTS "${AUDITOR}"`);
  restorePgPassword?.();
});

describe('runtime over the router', () => {
  it('answers nothing to an untrusted sender, and validates input', async () => {
    const before = h.events.length;
    expect(await h.dispatch('app/info', {}, { url: 'https://evil.example/' })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER', message: expect.any(String) },
    });
    expect(h.events.length).toBe(before);
    expect(await h.failure('db/create-auditor-role', { roleName: 'Robert"); DROP', password: 'x' })).toMatchObject({ code: 'VALIDATION' });
  });

  it('start() connects to DATABASE_URL as the environment profile', async () => {
    await h.runtime.start();
    const active = await h.call('connection/active', {});
    expect(active).toMatchObject({ profileId: 'environment', target: `${server.host}:${server.port}/${db.name}`, readOnly: false });
    expect(h.eventsNamed('connection/changed')).toEqual([active]);
    expect(await sessions('app', ENV_APP)).toBeGreaterThan(0);
  });

  it('profiles/create keeps the password in the secret store, never in profiles.json', async () => {
    // A password inside the profile is refused by the contract (strict schema).
    const smuggled = await h.dispatch('profiles/create', { profile: { ...profile({ name: 'Smuggled' }), password: PROFILE_PASSWORD } });
    expect(smuggled).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    const created = await h.call('profiles/create', { profile: profile({}), password: PROFILE_PASSWORD });
    ids.staging = created.id;
    expect(created).toMatchObject({
      name: 'Staging',
      database: db.name,
      hasPassword: true,
      readOnly: false,
      environment: { name: 'staging', colour: '#d97706' },
      operator: OPERATOR,
    });
    expect(created).not.toHaveProperty('password');
    expect(await h.secrets.get(created.id)).toBe(PROFILE_PASSWORD);

    const file = path.join(h.dataDir, 'profiles.json');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; profiles: Array<Record<string, unknown>> };
    expect(stored.version).toBe(1);
    expect(stored.profiles.map((p) => p.id)).toEqual([created.id]);
    for (const { file: f, text } of filesUnder(h.dataDir)) {
      expect({ f, leaked: text.includes(PROFILE_PASSWORD) || text.includes(ENV_PASSWORD) }).toEqual({ f, leaked: false });
    }
  });

  it('profiles/list shows the environment, the workspace and the stored profiles, without passwords', async () => {
    const list = await h.call('profiles/list', {});
    expect(list.map((p) => [p.kind, p.id])).toEqual([
      ['environment', 'environment'],
      ['workspace', 'embedded-workspace'],
      ['stored', ids.staging],
    ]);
    expect(list[0]).toMatchObject({
      target: `${server.host}:${server.port}/${db.name}`,
      hasPassword: true,
      readOnly: false,
      profile: null,
    });
    expect(list[1]).toMatchObject({ target: 'started on first use', profile: null });
    expect(list[2]).toMatchObject({
      name: 'Staging',
      target: `${server.host}:${server.port}/${db.name}`,
      hasPassword: true,
      profile: { id: ids.staging },
    });
    const text = JSON.stringify(list);
    expect(text).not.toContain(PROFILE_PASSWORD);
    expect(text).not.toContain(ENV_PASSWORD);
  });

  it('profiles/test checks the server once and leaves the active connection alone', async () => {
    const check = await h.call('profiles/test', { id: ids.staging! });
    expect(check).toEqual({
      serverVersion: expect.stringMatching(/^\d+/),
      database: db.name,
      user: server.user,
      latencyMs: expect.any(Number),
      tls: false,
      readOnly: false,
    });
    expect(await h.call('connection/active', {})).toMatchObject({ profileId: 'environment' });
    expect(await sessions('app', `govcon-rt-${tag}`)).toBe(0);
    expect(await h.failure('profiles/test', { id: 'no-such-profile' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('connection/connect switches to the profile, emits connection/changed and closes the old pool', async () => {
    const summary = await h.call('connection/connect', { id: ids.staging! });
    expect(summary).toEqual({
      profileId: ids.staging,
      name: 'Staging',
      target: `${server.host}:${server.port}/${db.name}`,
      environment: 'staging',
      colour: '#d97706',
      readOnly: false,
      encrypted: false,
      tlsMode: 'disable',
      unencryptedRemote: false,
    });
    expect(h.eventsNamed('connection/changed').at(-1)).toEqual(summary);
    expect(await h.call('connection/active', {})).toEqual(summary);
    expect(await eventually(async () => (await sessions('app', ENV_APP)) === 0)).toBe(true);
    expect(await sessions('app', `govcon-rt-${tag}`)).toBeGreaterThan(0);
  });

  it('db/status says empty; the db/initialise job migrates with progress; then managed', async () => {
    const before = await h.call('db/status', {});
    expect(before).toMatchObject({
      connection: { profileId: ids.staging },
      server: { database: db.name, user: server.user, readOnly: false, tls: false },
      health: { ok: true },
      migrations: { state: 'empty', applied: [], pending: NAMES, unknown: [], problems: [] },
    });
    expect(before.pool).toEqual({
      size: expect.any(Number),
      inUse: expect.any(Number),
      idle: expect.any(Number),
      waiting: 0,
      max: expect.any(Number),
    });

    const ref = await h.call('db/initialise', {});
    expect(ref).toEqual({ jobId: expect.any(String), kind: 'initialise' });
    const finished = await h.runtime.jobs.wait(ref.jobId);
    expect(finished).toEqual({
      ...ref,
      status: 'succeeded',
      result: { stateBefore: 'empty', adopted: null, applied: NAMES, eventId: expect.any(String), databaseCreated: false },
    });
    expect(h.eventsNamed('job/finished').filter((e) => e.jobId === ref.jobId)).toEqual([finished]);
    const progress = h.eventsNamed('job/progress').filter((e) => e.jobId === ref.jobId);
    expect(progress.at(-1)).toMatchObject({ done: NAMES.length, total: NAMES.length });

    const after = await h.call('db/status', {});
    expect(after.migrations).toMatchObject({ state: 'managed', applied: NAMES, pending: [] });
    const events = await query(db.url, 'SELECT operator_name, operator_email, action, target_id FROM console_events');
    expect(events).toEqual([
      { operator_name: OPERATOR.name, operator_email: OPERATOR.email, action: 'database.initialise', target_id: db.name },
    ]);

    // db/migrate on an up-to-date database: nothing to do, nothing recorded.
    expect(await h.job('db/migrate', {})).toMatchObject({ status: 'succeeded', result: { applied: [], eventId: null } });
  });

  it('db/tables lists the service tables and views and the console tables, with counts', async () => {
    const tables = await h.call('db/tables', {});
    const byName = Object.fromEntries(tables.map((t) => [t.name, t]));
    for (const name of SERVICE_TABLE_NAMES)
      expect(byName[name]).toMatchObject({ kind: 'table', owner: 'service', rows: expect.any(Number), estimated: false });
    for (const name of SERVICE_VIEW_NAMES) expect(byName[name]).toMatchObject({ kind: 'view', owner: 'service', rows: expect.any(Number) });
    expect(byName.users).toMatchObject({ rows: 1 }); // the seed admin
    expect(byName.audit_logs).toMatchObject({ rows: 0 });
    expect(byName.console_migrations).toEqual({
      name: 'console_migrations',
      kind: 'table',
      owner: 'console',
      rows: NAMES.length,
      estimated: false,
    });
    expect(byName.console_events).toMatchObject({ owner: 'console', rows: 1 });
  });

  it('db/create-auditor-role makes a login role that can read everything and change nothing', async () => {
    expect(await h.call('db/create-auditor-role', { roleName: AUDITOR, password: AUDITOR_PASSWORD })).toEqual({ roleName: AUDITOR });

    const [role] = await query<Record<string, unknown>>(
      adminUrl(),
      'SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolpassword FROM pg_authid WHERE rolname = $1',
      [AUDITOR],
    );
    expect(role).toMatchObject({ rolcanlogin: true, rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolinherit: false });
    // A SCRAM verifier, computed by the console: never the password, nor an MD5 of it.
    const stored = String(role!.rolpassword);
    const m = /^SCRAM-SHA-256\$(\d+):([A-Za-z0-9+/=]+)\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/.exec(stored);
    expect(m).not.toBeNull();
    expect(stored).not.toContain(AUDITOR_PASSWORD);
    expect(scramVerifier(AUDITOR_PASSWORD, Buffer.from(m![2]!, 'base64'), Number(m![1]))).toBe(stored);

    // On a trust-auth server the password is not checked here (it is in workspace.test.ts).
    const auditor = new pg.Client({ ...server, user: AUDITOR, password: AUDITOR_PASSWORD, database: db.name });
    await auditor.connect();
    try {
      const count = async (sql: string) => Number((await auditor.query<{ n: string }>(sql)).rows[0]!.n);
      expect(await count('SELECT count(*) AS n FROM users')).toBe(1);
      expect(await count('SELECT count(*) AS n FROM console_events')).toBe(2); // initialise, this role
      expect(await count('SELECT count(*) AS n FROM v_user_activity')).toBe(1);
      const code = async (sql: string) =>
        auditor.query(sql).then(
          () => 'ok',
          (e: { code?: string }) => e.code,
        );
      // Read-only by default for the role…
      expect(await code("INSERT INTO users (email, name) VALUES ('x@example.org', 'X')")).toBe('25006');
      // …and without the privilege even in a read-write transaction.
      await auditor.query('BEGIN READ WRITE');
      expect(await code("INSERT INTO users (email, name) VALUES ('x@example.org', 'X')")).toBe('42501');
      await auditor.query('ROLLBACK');
      for (const sql of [
        'UPDATE users SET name = name',
        'DELETE FROM console_events',
        'TRUNCATE audit_logs',
        'CREATE TABLE mine (x int)',
      ]) {
        await auditor.query('BEGIN READ WRITE');
        expect({ sql, code: await code(sql) }).toEqual({ sql, code: '42501' });
        await auditor.query('ROLLBACK');
      }
      // Tables the console's user creates later are readable too (default privileges).
      await query(db.url, 'CREATE TABLE later_table (x int)');
      expect(await count('SELECT count(*) AS n FROM later_table')).toBe(0);
    } finally {
      await auditor.end();
      await query(db.url, 'DROP TABLE IF EXISTS later_table');
    }

    const [event] = await query<Record<string, unknown>>(
      db.url,
      "SELECT operator_name, target_kind, target_id, before, after FROM console_events WHERE action = 'role.create-auditor'",
    );
    expect(event).toMatchObject({ operator_name: OPERATOR.name, target_kind: 'role', target_id: AUDITOR });
    expect(JSON.stringify(event)).not.toContain(AUDITOR_PASSWORD);

    // The same name again is a conflict a person can act on, and changes nothing.
    const again = await h.failure('db/create-auditor-role', { roleName: AUDITOR, password: 'another-one' });
    expect(again).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(AUDITOR) });
    expect(again.message).not.toContain('another-one');
    const [still] = await query<{ rolpassword: string }>(adminUrl(), 'SELECT rolpassword FROM pg_authid WHERE rolname = $1', [AUDITOR]);
    expect(still!.rolpassword).toBe(stored);
  });

  it('profiles/create-database creates the missing database of a profile', async () => {
    const fresh = await h.call('profiles/create', {
      profile: profile({ name: 'Fresh', database: freshName, environment: { name: 'development' } }),
    });
    ids.fresh = fresh.id;
    expect(fresh).toMatchObject({ hasPassword: false });
    expect(await h.failure('profiles/test', { id: fresh.id })).toMatchObject({
      code: 'DATABASE_MISSING',
      message: expect.stringContaining(freshName),
    });
    expect(await h.call('profiles/create-database', { id: fresh.id })).toEqual({ name: freshName, created: true });
    expect(await h.call('profiles/create-database', { id: fresh.id })).toEqual({ name: freshName, created: false });
    expect(await h.call('profiles/test', { id: fresh.id })).toMatchObject({ database: freshName });
  });

  it('a production profile is read-only: initialising fails with READ_ONLY and writes nothing', async () => {
    const prod = await h.call('profiles/create', {
      profile: profile({ name: 'Production', database: freshName, environment: { name: 'production', colour: '#00ff00' } }),
    });
    expect(prod).toMatchObject({ readOnly: true, environment: { name: 'production', colour: '#dc2626' } });
    const summary = await h.call('connection/connect', { id: prod.id });
    expect(summary).toMatchObject({ readOnly: true, colour: '#dc2626' });
    const status = await h.call('db/status', {});
    expect(status).toMatchObject({ server: { readOnly: true, database: freshName }, migrations: { state: 'empty' } });

    const failed = await h.job('db/initialise', {});
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'READ_ONLY' } });
    expect((await h.call('db/status', {})).migrations).toMatchObject({ state: 'empty', applied: [] });
    expect(
      await query(
        withDatabase(adminUrl(), freshName),
        "SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace",
      ),
    ).toEqual([{ n: 0 }]);

    expect(await h.failure('db/create-auditor-role', { roleName: `${AUDITOR}_ro`, password: 'whatever-1' })).toMatchObject({
      code: 'READ_ONLY',
    });
    expect(await query(adminUrl(), 'SELECT 1 FROM pg_roles WHERE rolname = $1', [`${AUDITOR}_ro`])).toEqual([]);
  });

  it('connection/disconnect closes the pool and emits connection/changed null', async () => {
    expect(await h.call('connection/disconnect', {})).toBeNull();
    expect(await h.call('connection/active', {})).toBeNull();
    expect(h.eventsNamed('connection/changed').at(-1)).toBeNull();
    for (const channel of ['db/status', 'db/tables', 'db/initialise', 'integrity/verify-db'] as const) {
      expect(await h.failure(channel, {})).toMatchObject({ code: 'NOT_CONNECTED' });
    }
    expect(await eventually(async () => (await sessions('db', freshName)) === 0)).toBe(true);
  });

  it('integrity/verify-db verifies demo data on a worker thread; integrity/report gives JSON and HTML', async () => {
    await h.call('connection/connect', { id: ids.staging! });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      expect(await generateDemoData(client, { rows: 300, users: 12, seed: 7 })).toMatchObject({ users: 12, auditLogs: 300 });
    } finally {
      await client.end();
    }

    const ok = await h.job('integrity/verify-db', {});
    expect(ok).toMatchObject({
      status: 'succeeded',
      result: { report: 'govcon/v2', format: 'db-v1', outcome: 'clean', total: 300, ok: 300, tampered: 0, unverifiable: 0, findings: [] },
    });

    const json = await h.call('integrity/report', { jobId: ok.jobId, format: 'json' });
    expect(json).toMatchObject({ fileName: expect.stringMatching(/^db-v1-report-[\d-]+\.json$/), mimeType: 'application/json' });
    // The file is the report the job made, which is what `govcon verify-db --json` prints.
    expect(dbV1ReportSchema.parse(JSON.parse(json.content))).toMatchObject({
      subject: { type: 'database', server: `${server.host}:${server.port}`, database: db.name, rows: 300 },
      operator: `${OPERATOR.name} <${OPERATOR.email}>`,
      console_version: '0.0.0-test',
      format: 'db-v1',
      total: 300,
      ok: 300,
    });
    const html = await h.call('integrity/report', { jobId: ok.jobId, format: 'html' });
    expect(html).toMatchObject({ fileName: expect.stringMatching(/\.html$/), mimeType: 'text/html' });
    expect(html.content).toMatch(/^<!doctype html>/);
    expect(html.content).toContain('<strong>CLEAN — nothing found</strong> — 300 rows — 300 ok, 0 tampered, 0 unverifiable.');
    expect(html.content).toContain(db.name);

    // One edited row is found, named and reported.
    const [victim] = await query<{ id: string }>(db.url, 'SELECT id::text FROM audit_logs ORDER BY created_at LIMIT 1');
    await query(db.url, "UPDATE audit_logs SET actor_name = actor_name || ' (edited)' WHERE id = $1", [victim!.id]);
    const bad = await h.job('integrity/verify-db', {});
    expect(bad).toMatchObject({
      status: 'succeeded',
      result: { total: 300, ok: 299, tampered: 1, findings: [{ id: victim!.id, kind: 'tampered', reason: 'hash-mismatch' }] },
    });
    const badHtml = await h.call('integrity/report', { jobId: bad.jobId, format: 'html' });
    expect(badHtml.content).toContain('<strong>FINDINGS — 1 found</strong>');
    expect(badHtml.content).toContain(victim!.id);

    // A job that verified nothing has no report.
    const init = h.runtime.jobs.list().find((j) => j.kind === 'initialise')!;
    expect(await h.failure('integrity/report', { jobId: init.jobId, format: 'json' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('close() ends every session of the runtime', async () => {
    expect(await sessions('db', db.name)).toBeGreaterThan(0);
    await h.runtime.close();
    expect(await eventually(async () => (await sessions('db', db.name)) + (await sessions('db', freshName)) === 0)).toBe(true);
    expect(h.internal).toEqual([]);
  });
});

describe('runtime without DATABASE_URL or profiles, embedded workspace off', () => {
  it('starts unconnected and lists only the workspace', async () => {
    const bare = startRuntime({ env: {} });
    try {
      await bare.runtime.start();
      expect(await bare.call('connection/active', {})).toBeNull();
      expect((await bare.call('profiles/list', {})).map((p) => p.kind)).toEqual(['workspace']);
      expect(bare.events).toEqual([]);
      expect(await bare.failure('db/status', {})).toMatchObject({ code: 'NOT_CONNECTED' });
    } finally {
      await bare.close();
    }
  });
});
