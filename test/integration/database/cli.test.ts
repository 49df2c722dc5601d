import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASELINE_MIGRATION, migrations } from '../../../migrations';
import { runCli } from '../../../src-main/cli/main';
import { freePort } from '../../../src-main/platform/embedded/process';
import { createMigrator } from '../../../src-main/schema/migrator';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { runGovcon, type CliRun } from '../../support/cli';
import {
  adminQuery,
  adminUrl,
  createTestDatabase,
  serverPasswordOr,
  sql as query,
  withDatabase,
  type TestDatabase,
} from '../../support/test-db';

/**
 * `govcon health | init | migrate status | migrate up` run in-process (runCli with captured
 * streams, stdin not a terminal) against the real server: the exit codes, JSON shapes and
 * error codes of docs/cli.md, and what is recorded in console_events.
 */

const NAMES = migrations.map((m) => m.name);
const AFTER_BASELINE = NAMES.slice(NAMES.indexOf(BASELINE_MIGRATION) + 1);
/** A password that must never be printed; the test server's own when it needs one. */
const SECRET = serverPasswordOr('Never-Print-Me-7f3a');

interface Run extends CliRun {
  /** stdout parsed when --json was given (and it must then be exactly one line of JSON). */
  json: Record<string, unknown>;
}

interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** A terminal on stdin and stderr, answering with this text. */
  terminal?: string;
}

/** govcon with a terminal on stdin and stderr, answering `answer` once asked to confirm. */
async function govconOnTerminal(args: string[], answer: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const err = Object.assign(new PassThrough(), { isTTY: true });
  err.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    // Answer once the question has been asked.
    if (stderr.includes('[y/N]') && !stdin.writableEnded) stdin.end(`${answer}\n`);
  });
  // As bin/govcon does (src-main/cli/govcon.ts): connection errors classified by runCli's default.
  const code = await runCli(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: err, stdin, env: { ...env } });
  return { code, stdout, stderr };
}

async function govcon(args: string[], options: RunOptions = {}): Promise<Run> {
  const run =
    options.terminal === undefined
      ? await runGovcon(args, { env: options.env })
      : await govconOnTerminal(args, options.terminal, options.env);
  let json: Record<string, unknown> = {};
  if (args.includes('--json')) {
    expect(run.stdout.endsWith('\n') && run.stdout.trim().split('\n')).toHaveLength(1);
    json = JSON.parse(run.stdout) as Record<string, unknown>;
  }
  return { ...run, json };
}

async function databaseExists(name: string): Promise<boolean> {
  return (await query(adminUrl(), 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;
}

/** The URL of `database` on the test server, with a password (the server's, or one trust auth ignores) in it. */
function urlWithPassword(database: string, password = SECRET): string {
  const u = new URL(withDatabase(adminUrl(), database));
  u.password = encodeURIComponent(password);
  return u.toString();
}

const uniqueName = (prefix: string) => `gct_${prefix}_${crypto.randomBytes(4).toString('hex')}`;

const created: string[] = [];
let managed: TestDatabase;
let baseline: TestDatabase;

beforeAll(async () => {
  managed = await createTestDatabase('cli_managed');
  baseline = await createTestDatabase('cli_baseline');
  // A database an older console migrated: only the baseline is applied.
  const sequelize = createSequelize({ url: baseline.url, pool: { size: 2, maxOverflow: 0 } });
  try {
    await createMigrator(sequelize, { to: BASELINE_MIGRATION }).up({ to: BASELINE_MIGRATION });
  } finally {
    await sequelize.close();
  }
});

afterAll(async () => {
  await Promise.all([
    managed?.drop(),
    baseline?.drop(),
    ...created.map((name) => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  ]);
});

describe('govcon init', () => {
  it('with no terminal and no --yes, refuses to create a missing database (exit 2) and creates nothing', async () => {
    const name = uniqueName('cli_refused');
    created.push(name);
    const url = urlWithPassword(name);

    const json = await govcon(['init', '--url', url, '--json']);
    expect(json.code).toBe(2);
    expect(json.json).toEqual({ error: { code: 'VALIDATION', message: expect.stringMatching(/--yes/) } });
    expect((json.json.error as { message: string }).message).toContain(name);

    const text = await govcon(['init', '--url', url]);
    expect(text).toMatchObject({ code: 2, stdout: '' });
    expect(text.stderr).toMatch(/^govcon: .*--yes.*\[VALIDATION\]\n$/s);

    for (const r of [json, text]) expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(await databaseExists(name)).toBe(false);
  });

  it('on a terminal, asks: "no" creates nothing (exit 2), "yes" creates and migrates', async () => {
    const name = uniqueName('cli_asked');
    created.push(name);
    const url = withDatabase(adminUrl(), name);

    const declined = await govcon(['init', '--url', url], { terminal: 'n' });
    expect(declined.code).toBe(2);
    expect(declined.stderr).toContain(`Database "${name}" does not exist`);
    expect(declined.stderr).toMatch(/\[DATABASE_MISSING\]/);
    expect(await databaseExists(name)).toBe(false);

    const accepted = await govcon(['init', '--url', url], { terminal: 'yes' });
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain(`created database ${name}`);
    expect(await databaseExists(name)).toBe(true);
  });

  it('with --yes creates the database and migrates it, recording the operator; a second init is a no-op', async () => {
    const name = uniqueName('cli_init');
    created.push(name);
    const url = urlWithPassword(name);
    const env = { GOVCON_OPERATOR: 'Someone Else <else@example.org>' };

    const first = await govcon(['init', '--url', url, '--yes', '--json', '--operator', 'Ada Lovelace <ada@example.org>'], { env });
    expect(first.code).toBe(0);
    expect(first.json).toEqual({ database: name, created: true, state_before: 'empty', adopted: null, applied: NAMES });
    expect(first.stderr).toBe(''); // no progress lines with --json
    expect(first.stdout + first.stderr).not.toContain(SECRET);

    const dbUrl = withDatabase(adminUrl(), name);
    const events = await query(
      dbUrl,
      'SELECT operator_name, operator_email, action, target_kind, target_id, before, after FROM console_events ORDER BY occurred_at',
    );
    expect(events).toEqual([
      {
        operator_name: 'Ada Lovelace',
        operator_email: 'ada@example.org',
        action: 'database.initialise',
        target_kind: 'database',
        target_id: name,
        before: { state: 'empty', applied: [] },
        after: { adopted: null, applied: NAMES },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(SECRET);

    const again = await govcon(['init', '--url', url, '--yes', '--json']);
    expect(again).toMatchObject({ code: 0, json: { database: name, created: false, state_before: 'managed', adopted: null, applied: [] } });
    const text = await govcon(['init', '--url', url]);
    expect(text).toMatchObject({ code: 0, stdout: `database ${name} exists\nnothing to apply: up to date\n` });
    expect(await query(dbUrl, 'SELECT count(*)::int AS n FROM console_events')).toEqual([{ n: 1 }]);
  });

  it('migrate up refuses a database the console does not manage yet, and a read-only init is READ_ONLY (exit 2); it stays empty', async () => {
    const status = await govcon(['migrate', 'status', '--url', managed.url, '--json']);
    expect(status).toMatchObject({ code: 1, json: { state: 'empty', applied: [], pending: NAMES } });
    const up = await govcon(['migrate', 'up', '--url', managed.url, '--json']);
    expect(up).toMatchObject({ code: 2, json: { error: { code: 'NOT_FOUND', message: expect.stringMatching(/initialise/) } } });

    // A read-only connection (GOVCON_READ_ONLY) cannot initialise: the server says no, READ_ONLY.
    const ro = await govcon(['init', '--url', managed.url, '--yes', '--json'], { env: { GOVCON_READ_ONLY: '1' } });
    expect(ro).toMatchObject({ code: 2, json: { error: { code: 'READ_ONLY', message: expect.stringMatching(/read-only transaction/) } } });
    expect(await query(managed.url, "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).toEqual([{ n: 0 }]);
  });

  it('prints each applied migration on stderr without --json, and the operator defaults to GOVCON_OPERATOR', async () => {
    const r = await govcon(['init', '--url', managed.url], { env: { GOVCON_OPERATOR: 'Grace Hopper <grace@example.org>' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`database ${managed.name} exists\napplied: ${NAMES.join(', ')}\n`);
    NAMES.forEach((n, i) => expect(r.stderr).toContain(`govcon: applied ${i + 1}/${NAMES.length} ${n} (`));
    const [event] = await query(managed.url, 'SELECT operator_name, operator_email, action FROM console_events');
    expect(event).toEqual({ operator_name: 'Grace Hopper', operator_email: 'grace@example.org', action: 'database.initialise' });
  });
});

describe('govcon migrate', () => {
  it('status exits 1 while migrations are pending, up applies them, then status exits 0', async () => {
    const status = await govcon(['migrate', 'status', '--url', baseline.url, '--json']);
    expect(status).toMatchObject({
      code: 1,
      json: { state: 'managed', applied: [BASELINE_MIGRATION], pending: AFTER_BASELINE, problems: [] },
    });
    const text = await govcon(['migrate', 'status', '--url', baseline.url]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`applied  ${BASELINE_MIGRATION}`);
    for (const n of AFTER_BASELINE) expect(text.stdout).toContain(`pending  ${n}`);

    // GOVCON_OPERATOR as a bare name: no email.
    const up = await govcon(['migrate', 'up', '--url', baseline.url, '--json'], { env: { GOVCON_OPERATOR: 'release-bot' } });
    expect(up).toMatchObject({ code: 0, json: { applied: AFTER_BASELINE } });
    const events = await query(baseline.url, 'SELECT operator_name, operator_email, action, after FROM console_events');
    expect(events).toEqual([
      { operator_name: 'release-bot', operator_email: null, action: 'database.migrate', after: { adopted: null, applied: AFTER_BASELINE } },
    ]);

    const done = await govcon(['migrate', 'status', '--url', baseline.url, '--json']);
    expect(done).toMatchObject({ code: 0, json: { state: 'managed', applied: NAMES, pending: [] } });
    const noop = await govcon(['migrate', 'up', '--url', baseline.url]);
    expect(noop).toMatchObject({ code: 0, stdout: 'nothing to apply: up to date\n' });
  });
});

describe('govcon health', () => {
  it('reports server, database, latency, pool and migration state; --url defaults to DATABASE_URL', async () => {
    const r = await govcon(['health', '--json'], { env: { DATABASE_URL: urlWithPassword(managed.name) } });
    expect(r.code).toBe(0);
    const user = decodeURIComponent(new URL(adminUrl()).username) || 'postgres';
    expect(r.json).toEqual({
      ok: true,
      server_version: expect.stringMatching(/^\d+/),
      database: managed.name,
      user,
      latency_ms: expect.any(Number),
      tls: false,
      tls_mode: 'prefer', // libpq's default when the URL names none; this server has no TLS, so plain
      unencrypted_remote: false,
      read_only: false,
      pool: { size: expect.any(Number), inUse: expect.any(Number), idle: expect.any(Number), waiting: 0, max: expect.any(Number) },
      migrations: { state: 'managed', applied: NAMES, pending: [] },
    });
    expect(r.json.latency_ms as number).toBeGreaterThanOrEqual(0);
    expect(r.stdout + r.stderr).not.toContain(SECRET);

    // --url wins over DATABASE_URL.
    const missing = uniqueName('cli_nowhere');
    const wins = await govcon(['health', '--url', managed.url, '--json'], { env: { DATABASE_URL: withDatabase(adminUrl(), missing) } });
    expect(wins).toMatchObject({ code: 0, json: { database: managed.name } });

    const text = await govcon(['health', '--url', managed.url]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(
        `^server {5}PostgreSQL \\d+.*\\ndatabase {3}${managed.name} as ${user}\\nlatency {4}[\\d.]+ ms\\nschema {5}managed; ${NAMES.length} applied, 0 pending\\n$`,
      ),
    );
  });

  it('a missing database is DATABASE_MISSING (exit 2) and is not created', async () => {
    const name = uniqueName('cli_missing');
    created.push(name);
    for (const args of [['health'], ['migrate', 'status'], ['migrate', 'up']]) {
      const r = await govcon([...args, '--url', urlWithPassword(name), '--json']);
      expect(r.code).toBe(2);
      expect(r.json).toEqual({ error: { code: 'DATABASE_MISSING', message: expect.stringContaining(`"${name}" does not exist`) } });
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    }
    expect(await databaseExists(name)).toBe(false);
  });
});

describe('errors and usage', () => {
  it('a closed port is CONNECTION_REFUSED (exit 2); the password in the URL is never printed', async () => {
    const port = await freePort();
    const passwords = [SECRET, 'p@ss:w/rd%?#Ünï'];
    for (const password of passwords) {
      const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/governance`;
      for (const args of [['health'], ['init', '--yes'], ['migrate', 'status'], ['migrate', 'up']]) {
        const json = await govcon([...args, '--url', url, '--json']);
        expect(json.code).toBe(2);
        expect(json.json).toEqual({ error: { code: 'CONNECTION_REFUSED', message: expect.stringContaining(`127.0.0.1:${port}`) } });
        const text = await govcon(args, { env: { DATABASE_URL: url } });
        expect(text.code).toBe(2);
        expect(text.stderr).toMatch(/\[CONNECTION_REFUSED\]\n$/);
        for (const r of [json, text]) {
          const out = r.stdout + r.stderr;
          expect(out).not.toContain(password);
          expect(out).not.toContain(encodeURIComponent(password));
        }
      }
    }
  });

  it('usage errors exit 2 with VALIDATION: unknown flag, missing value, unknown command, bad operator, no URL, stray argument', async () => {
    const url = managed.url;
    const cases: string[][] = [
      ['health', '--url', url, '--bogus', '--json'],
      ['migrate', 'status', '--url', url, '--yes=no', '--json'],
      ['health', '--json', '--url'],
      ['migrate', 'sideways', '--url', url, '--json'],
      ['init', '--url', url, '--operator', 'Ada <not-an-email', '--json'],
      ['health', '--json'], // no --url and no DATABASE_URL
      ['health', '--url', 'mysql://root@127.0.0.1/x', '--json'],
      ['init', 'some_other_database', '--url', url, '--yes', '--json'],
      ['migrate', 'up', 'now', '--url', url, '--json'],
    ];
    for (const args of cases) {
      const r = await govcon(args);
      expect({ args, code: r.code, json: r.json }).toEqual({
        args,
        code: 2,
        json: { error: { code: 'VALIDATION', message: expect.any(String) } },
      });
    }
    const unknown = await govcon(['health', '--url', url, '--bogus']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe('govcon: Unknown option --bogus. See --help. [VALIDATION]\n');
    // The stray arguments above changed nothing.
    expect(await query(url, 'SELECT count(*)::int AS n FROM console_events')).toEqual([{ n: 1 }]);
  });

  it('options may stand before the command', async () => {
    const name = uniqueName('cli_options_first');
    created.push(name);
    const r = await govcon(['--yes', '--json', 'init', '--url', withDatabase(adminUrl(), name)]);
    expect(r).toMatchObject({ code: 0, json: { database: name, created: true, applied: NAMES } });
    const status = await govcon(['--json', 'migrate', 'status', '--url', withDatabase(adminUrl(), name)]);
    expect(status).toMatchObject({ code: 0, json: { pending: [] } });
  });

  it('--help, COMMAND --help and --version exit 0', async () => {
    const help = await govcon(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['health', 'init']) expect(help.stdout).toContain(`  ${c} `);
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/ migrate … .* Subcommands: status, up\./);
    const one = await govcon(['migrate', 'status', '--help']);
    expect(one).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: govcon migrate status /) });
    expect(await govcon(['--version'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    expect((await govcon([])).code).toBe(2);
  });
});
