import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGovcon, type CliRun, type CliRunOptions } from '../../support/cli';
import { events, everyRowAsText, sql, usersDatabase, type UsersDb } from './support';

let h: UsersDb;
beforeAll(async () => {
  h = await usersDatabase('users_cli');
});
afterAll(async () => {
  await h?.close();
});

interface Run extends CliRun {
  json: Record<string, unknown>;
}

const OP = ['--operator', 'Cli Operator <cli@example.test>'];

/** Runs govcon in-process on the test database; stdin is the text given (not a terminal). */
async function govcon(args: string[], options: CliRunOptions = {}): Promise<Run> {
  const run = await runGovcon([...args, '--url', h.db.url], options);
  const json = args.includes('--json') ? (JSON.parse(run.stdout) as Record<string, unknown>) : {};
  return { ...run, json };
}

describe('govcon users', () => {
  it('creates, lists with filters, disables, enables and changes roles', async () => {
    const c = await govcon(['users', 'create', '--email', 'cli.user@example.org', '--name', 'Cli User', '--role', 'sre', '--json', ...OP]);
    expect(c).toMatchObject({ code: 0, json: { email: 'cli.user@example.org', role: 'sre', is_active: true } });
    await govcon(['users', 'create', '--email', 'cli.other@example.org', '--name', 'Other', '--json', ...OP]);

    const list = await govcon(['users', 'list', '--role', 'sre', '--active', 'true', '--json']);
    expect(list.code).toBe(0);
    expect((list.json.rows as { email: string }[]).map((r) => r.email)).toEqual(['cli.user@example.org']);
    expect(list.json).toMatchObject({ total: 1, has_more: false, next_cursor: null });

    expect((await govcon(['users', 'disable', 'CLI.USER@example.org', '--json', ...OP])).json).toMatchObject({
      changed: true,
      user: { is_active: false },
    });
    expect((await govcon(['users', 'disable', 'cli.user@example.org', '--json', ...OP])).json).toMatchObject({ changed: false });
    const inactive = await govcon(['users', 'list', '--active', 'false', '--json']);
    expect((inactive.json.rows as { email: string }[]).map((r) => r.email)).toEqual(['cli.user@example.org']);
    expect((await govcon(['users', 'enable', 'cli.user@example.org', '--json', ...OP])).json).toMatchObject({
      changed: true,
      user: { is_active: true },
    });
    expect((await govcon(['users', 'set-role', 'cli.user@example.org', 'auditor', '--json', ...OP])).json).toMatchObject({
      changed: true,
      user: { role: 'auditor' },
    });

    const text = await govcon(['users', 'list', '--search', 'cli.']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/cli\.user@example\.org\s+Cli User\s+auditor\s+yes/);

    const ev = (await events(h.db.url)).filter((e) => e.target_kind === 'user');
    expect(ev.map((e) => e.action)).toEqual(['users.create', 'users.create', 'users.disable', 'users.enable', 'users.set_role']);
    expect(ev.every((e) => e.operator_name === 'Cli Operator' && e.operator_email === 'cli@example.test')).toBe(true);
  });

  it('reports errors as {"error":{code,message}} with exit 2', async () => {
    const bad = await govcon(['users', 'create', '--email', 'nope', '--name', 'X', '--json', ...OP]);
    expect(bad.code).toBe(2);
    expect(bad.json).toEqual({ error: { code: 'VALIDATION', message: expect.stringContaining('"nope"') } });
    expect((await govcon(['users', 'list', '--role', 'root', '--json'])).json).toMatchObject({ error: { code: 'VALIDATION' } });
    expect((await govcon(['users', 'disable', 'ghost@example.org', '--json', ...OP])).json).toMatchObject({ error: { code: 'NOT_FOUND' } });
    await sql(h.db.url, "INSERT INTO users (email, name) VALUES ('Case@example.org', 'A'), ('case@example.org', 'B')");
    const amb = await govcon(['users', 'set-role', 'CASE@example.org', 'admin', '--json', ...OP]);
    expect(amb).toMatchObject({ code: 2, json: { error: { code: 'CONFLICT' } } });
    expect((amb.json.error as { message: string }).message).toMatch(/Case@example\.org, case@example\.org/);
    const plain = await govcon(['users', 'create', '--email', 'nope', '--name', 'X', ...OP]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/\[VALIDATION\]/);
  });

  it('refuses changes on a read-only connection with READ_ONLY', async () => {
    const ro = await govcon(['users', 'create', '--email', 'ro@example.org', '--name', 'RO', '--json', ...OP], {
      env: { GOVCON_READ_ONLY: 'true' },
    });
    expect(ro).toMatchObject({ code: 2, json: { error: { code: 'READ_ONLY' } } });
    const list = await govcon(['users', 'list', '--json'], { env: { GOVCON_READ_ONLY: 'true' } });
    expect(list.code).toBe(0);
  });
});

describe('govcon api-keys', () => {
  it('create --json prints exactly id, key, prefix, expires_at; the secret appears nowhere else', async () => {
    await govcon(['users', 'create', '--email', 'keys@example.org', '--name', 'Keys', '--json', ...OP]);
    const c = await govcon([
      'api-keys',
      'create',
      '--user',
      'keys@example.org',
      '--name',
      'ci',
      '--scopes',
      'read,write',
      '--expires-in-days',
      '30',
      '--json',
      ...OP,
    ]);
    expect(c.code).toBe(0);
    expect(Object.keys(c.json).sort()).toEqual(['expires_at', 'id', 'key', 'prefix']);
    const secret = c.json.key as string;
    expect(secret).toMatch(/^aiwf_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
    expect(c.json.prefix).toBe(secret.slice(0, 12));
    expect(c.stderr).toBe('');
    expect(c.stdout.split(secret)).toHaveLength(2); // once
    expect(await everyRowAsText(h.db.url)).not.toContain(secret);

    // Without --json: the key on stdout, the warning on stderr without it.
    const t = await govcon([
      'api-keys',
      'create',
      '--user',
      'keys@example.org',
      '--name',
      'human',
      '--scopes',
      'read',
      '--no-expiry',
      ...OP,
    ]);
    expect(t.code).toBe(0);
    const shown = /key\s+(aiwf_\S+)/.exec(t.stdout)![1]!;
    expect(t.stdout).toMatch(/expires_at\s+never/);
    expect(t.stderr).toMatch(/only time the key is shown/);
    expect(t.stderr).not.toContain(shown);
    expect(await everyRowAsText(h.db.url)).not.toContain(shown);

    // Listing shows the prefix, never the key.
    const list = await govcon(['api-keys', 'list', '--user', 'keys@example.org', '--json']);
    expect((list.json.rows as { prefix: string; status: string }[]).map((r) => [r.prefix, r.status]).sort()).toEqual(
      [
        [secret.slice(0, 12), 'active'],
        [shown.slice(0, 12), 'active'],
      ].sort(),
    );
    expect(list.stdout).not.toContain(secret);
    expect(list.stdout).not.toContain(shown);

    // check reads stdin: valid → exit 0.
    const ok = await govcon(['api-keys', 'check', '--json'], { stdin: `${secret}\n` });
    expect(ok).toMatchObject({ code: 0, json: { valid: true, reason: null, user: 'keys@example.org', scopes: ['read', 'write'] } });
    expect(Object.keys(ok.json).sort()).toEqual(['reason', 'scopes', 'user', 'valid']);
    expect(ok.stdout + ok.stderr).not.toContain(secret);
    const crlf = await govcon(['api-keys', 'check', '--json'], { stdin: `${secret}\r\n` });
    expect(crlf.code).toBe(0);

    // A typo: bad-checksum, exit 1.
    const typo = secret.slice(0, 30) + (secret[30] === 'x' ? 'y' : 'x') + secret.slice(31);
    const bad = await govcon(['api-keys', 'check', '--json'], { stdin: typo });
    expect(bad).toMatchObject({ code: 1, json: { valid: false, reason: 'bad-checksum', user: null, scopes: [] } });
    const unknown = await govcon(['api-keys', 'check'], { stdin: 'some-service-key-that-does-not-exist\n' });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toMatch(/invalid: unknown/);

    // Never from the command line, never empty.
    const argv = await govcon(['api-keys', 'check', secret, '--json']);
    expect(argv).toMatchObject({ code: 2, json: { error: { code: 'VALIDATION' } } });
    expect(JSON.stringify(argv.json)).not.toContain(secret);
    expect((await govcon(['api-keys', 'check', '--json'], { stdin: '' })).json).toMatchObject({ error: { code: 'VALIDATION' } });
    expect(
      (
        await govcon([
          'api-keys',
          'create',
          '--user',
          'keys@example.org',
          '--name',
          'x',
          '--scopes',
          'read',
          '--no-expiry',
          '--expires-in-days',
          '3',
          '--json',
          ...OP,
        ])
      ).json,
    ).toMatchObject({
      error: { code: 'VALIDATION' },
    });
    expect(
      (await govcon(['api-keys', 'create', '--user', 'keys@example.org', '--name', 'x', '--scopes', 'read,root', '--json', ...OP])).json,
    ).toMatchObject({
      error: { code: 'VALIDATION' },
    });
  });

  it('rotate --json and revoke; check reflects both', async () => {
    const c = await govcon([
      'api-keys',
      'create',
      '--user',
      'keys@example.org',
      '--name',
      'rotme',
      '--scopes',
      'workflows',
      '--json',
      ...OP,
    ]);
    const id = c.json.id as string;
    const r = await govcon(['api-keys', 'rotate', id, '--overlap-hours', '2', '--json', ...OP]);
    expect(r.code).toBe(0);
    expect(Object.keys(r.json).sort()).toEqual(['new', 'old_expires_at', 'old_id']);
    const fresh = r.json.new as Record<string, string>;
    expect(Object.keys(fresh).sort()).toEqual(['expires_at', 'id', 'key', 'prefix']);
    expect(r.json.old_id).toBe(id);
    const overlapMs = Date.parse(r.json.old_expires_at as string) - Date.now();
    expect(overlapMs).toBeGreaterThan(2 * 3_600_000 - 60_000);
    expect(overlapMs).toBeLessThanOrEqual(2 * 3_600_000);
    expect(r.stderr).toBe('');
    // During the overlap both keys work.
    expect((await govcon(['api-keys', 'check', '--json'], { stdin: c.json.key as string })).json).toMatchObject({
      valid: true,
      scopes: ['workflows'],
    });
    expect((await govcon(['api-keys', 'check', '--json'], { stdin: fresh.key })).json).toMatchObject({
      valid: true,
      scopes: ['workflows'],
    });

    const rv = await govcon(['api-keys', 'revoke', fresh.id!, '--json', ...OP]);
    expect(rv).toMatchObject({ code: 0, json: { id: fresh.id, status: 'revoked', changed: true } });
    expect((await govcon(['api-keys', 'check', '--json'], { stdin: fresh.key })).json).toMatchObject({
      valid: false,
      reason: 'revoked',
      user: 'keys@example.org',
    });
    expect((await govcon(['api-keys', 'revoke', 'not-a-uuid', '--json', ...OP])).json).toMatchObject({ error: { code: 'VALIDATION' } });
    expect((await govcon(['api-keys', 'revoke', '00000000-0000-4000-8000-000000000000', '--json', ...OP])).json).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });

    const ev = (await events(h.db.url)).filter((e) => e.target_kind === 'api_key');
    expect(ev.map((e) => e.action)).toEqual([
      'api_keys.create',
      'api_keys.create',
      'api_keys.create',
      'api_keys.rotate',
      'api_keys.revoke',
    ]);
    const dump = await everyRowAsText(h.db.url);
    expect(dump).not.toContain(c.json.key as string);
    expect(dump).not.toContain(fresh.key);
  });

  it('lists keys across users as a table without --json', async () => {
    const t = await govcon(['api-keys', 'list']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^ID\s+PREFIX\s+NAME\s+USER\s+SCOPES\s+STATUS\s+CREATED\s+EXPIRES\s+LAST USED/);
    expect(t.stdout).toMatch(/rotme\s+keys@example\.org\s+workflows\s+revoked/);
    expect(t.stdout).toMatch(/human\s+keys@example\.org\s+read\s+active\s+\S+ \S+\s+never/);
  });

  it('refuses changes on a read-only connection with READ_ONLY, and no secret leaks in the error', async () => {
    const ro = await govcon(['api-keys', 'create', '--user', 'keys@example.org', '--name', 'ro', '--scopes', 'read', '--json', ...OP], {
      env: { GOVCON_READ_ONLY: '1' },
    });
    expect(ro).toMatchObject({ code: 2, json: { error: { code: 'READ_ONLY' } } });
    expect(ro.stdout + ro.stderr).not.toMatch(/aiwf_/);
  });
});
