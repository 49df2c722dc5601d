import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src-main/cli/commands';
import { reportSchema } from '../../src-main/shared/model/report';
import { runGovcon } from '../support/cli';
import { documentedJson } from '../support/cli-docs';
import { quoteIdentifier } from '../../src-main/platform/db/sql/identifier';
import { adminQuery, createTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * Every command's `--json` output has the shape docs/cli.md documents for it ("JSON output of
 * each command"): reports parsed with the zod schemas of shared/model/report.ts and of the
 * documented format, the other objects with exactly the documented keys in that order.
 */
let db: TestDatabase;
let dir: string;
const prefix = `gct_contract_${crypto.randomBytes(3).toString('hex')}`;
const hardenRoles: string[] = [];
beforeAll(async () => {
  db = await createTestDatabase('cli_contract');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-contract-'));
});
afterAll(async () => {
  await db?.drop();
  for (const role of hardenRoles) await adminQuery(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('govcon --json output matches docs/cli.md', () => {
  it('for every command', async () => {
    const documented = documentedJson();
    const seen = new Set<string>();
    const url = ['--url', db.url];
    const run = async (args: string[], stdin?: string, env?: NodeJS.ProcessEnv) => {
      const r = await runGovcon([...args, '--json'], { ...(stdin === undefined ? {} : { stdin: [stdin] }), env });
      const json = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(json.error, `${args.join(' ')}: ${r.stdout}`).toBeUndefined();
      // The longest command the words name (`backup verify` before `backup`), as govcon finds it.
      const name = [...COMMANDS]
        .sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)
        .find((c) => args.slice(0, c.name.split(' ').length).join(' ') === c.name)!.name;
      const shape = documented.get(name);
      expect(shape, name).toBeDefined();
      if ('report' in shape!) {
        const report = reportSchema.parse(json);
        expect(report.format, name).toBe(shape.report);
      } else {
        expect(Object.keys(json), name).toEqual(shape!.keys);
      }
      seen.add(name);
      return json;
    };
    const file = path.join(dir, 'audit.jsonl');
    fs.copyFileSync('test/fixtures/vectors/audit-v1.jsonl', file);

    await run(['init', ...url, '--yes']);
    await run(['migrate', 'status', ...url]);
    await run(['migrate', 'up', ...url]);
    await run(['health', ...url]);
    await run(['demo', ...url, '--rows', '50']);
    await run(['verify-db', ...url]);
    await run(['verify-file', file]);
    await run(['import-jsonl', file, ...url]);
    await run(['verify-custody', ...url]);
    const keyEnv = { GOVCON_KEY_PASSPHRASE: 'contract passphrase' };
    const keyFile = path.join(dir, 'seal.key');
    const checkpoint = path.join(dir, 'audit.checkpoint');
    await run(['signing-key', 'create', '--out', keyFile, '--name', 'contract'], undefined, keyEnv);
    await run(['signing-key', 'public', keyFile]);
    await run(['seal', ...url, '--key', keyFile, '--margin', '0s'], undefined, keyEnv);
    await run(['checkpoint', ...url, '--out', checkpoint]);
    await run(['cosign', checkpoint, '--key', keyFile, ...url], undefined, keyEnv);
    await run(['users', 'list', ...url]);
    const user = (await run(['users', 'create', ...url, '--email', 'contract@example.org', '--name', 'Contract Test'])) as { id: string };
    await run(['users', 'show', 'contract@example.org', ...url]);
    await run(['users', 'set-role', 'contract@example.org', 'auditor', ...url]);
    const key = (await run(['api-keys', 'create', ...url, '--user', 'contract@example.org', '--name', 'ci', '--scopes', 'read'])) as {
      id: string;
      key: string;
    };
    await run(['api-keys', 'list', ...url]);
    await run(['api-keys', 'check', ...url], key.key);
    const rotated = (await run(['api-keys', 'rotate', key.id, ...url])) as { new: { id: string } };
    await run(['api-keys', 'revoke', rotated.new.id, ...url]);
    await run(['users', 'disable', 'contract@example.org', ...url]);
    await run(['users', 'enable', user.id, ...url]);
    await run(['users', 'bulk', 'disable', 'contract@example.org', ...url]);
    await run(['users', 'dormant', ...url]);
    await run(['users', 'delete', 'contract@example.org', ...url, '--yes']);
    const page = (await run(['audit', 'list', ...url, '--filter', 'mode:execute', '--limit', '5'])) as { rows: unknown[] };
    expect(page.rows.length).toBeGreaterThan(0);
    await run(['audit', 'export', ...url, '--filter', '', '--format', 'jsonl', '--out', path.join(dir, 'export.jsonl')]);
    // Roles are the server's, not the database's: a prefix of this run's own, dropped afterwards.
    const roles = (await run(['harden', ...url, '--prefix', prefix])) as { roles: { name: string }[] };
    hardenRoles.push(...roles.roles.map((r) => r.name));
    const backupFile = path.join(dir, 'contract.gcb');
    await run(['backup', ...url, '--out', backupFile]);
    await run(['backup', 'verify', backupFile]);
    const empty = await createTestDatabase('cli_contract_restore');
    try {
      await run(['restore', backupFile, '--url', empty.url]);
    } finally {
      await empty.drop();
    }
    expect([...seen].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });
});
