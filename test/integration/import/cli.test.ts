import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importReportSchema } from '../../../src-main/shared/model/report';
import { runGovcon as govcon, type CliRun as Run } from '../../support/cli';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';
import { count, lines, scratchDir, sql, VECTORS } from './support';

/**
 * `govcon import-jsonl` run in-process (runCli with captured streams): the JSON shape on
 * stdout, the text for a person, progress never on stdout, and the exit codes of docs/cli.md
 * (0 all imported or already present, 1 some lines rejected, 2 usage/connection/file errors).
 */

/** stdout of a --json run: exactly one line, one object. */
function json(run: Run): Record<string, unknown> {
  const out = run.stdout.split('\n');
  expect(out.length, run.stdout).toBe(2);
  expect(out[1]).toBe('');
  return JSON.parse(out[0]!) as Record<string, unknown>;
}

let db: TestDatabase;
let scratch: ReturnType<typeof scratchDir>;
beforeAll(async () => {
  db = await createTestDatabase('import_cli');
  scratch = scratchDir();
  // Initialised the way an SRE would, through the CLI itself.
  const init = await govcon(['init', '--url', db.url, '--yes', '--json']);
  expect(init.code, init.stderr).toBe(0);
});
afterAll(async () => {
  scratch?.remove();
  await db?.drop();
});

describe('govcon import-jsonl', () => {
  it('prints one JSON result and exits 1 when lines were rejected (the shared vectors)', async () => {
    const run = await govcon(['import-jsonl', VECTORS, '--url', db.url, '--json', '--operator', 'Ada Auditor <ada@example.org>']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const result = importReportSchema.parse(json(run));
    expect(result).toMatchObject({
      report: 'govcon/v2',
      format: 'jsonl-v1-import',
      outcome: 'findings',
      subject: { type: 'file', path: VECTORS },
      total: 66,
      imported: 43,
      duplicates: 6,
      rejected: 17,
      operator: 'Ada Auditor <ada@example.org>',
    });
    expect(result.subject).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const rejected = result.findings;
    expect(rejected).toHaveLength(17);
    expect(rejected[0]).toEqual({
      kind: 'tampered',
      reason: 'hash-mismatch',
      position: 8,
      line: 8,
      id: null,
      seal: null,
      detail: { message: expect.any(String) },
    });
    expect(rejected.find((r) => r.line === 25)).toMatchObject({ kind: 'not-importable', reason: 'bad-duration' });
    const [run0] = await sql(db.url, 'SELECT operator_name, operator_email FROM console_import_files WHERE id = $1', [result.import_id]);
    expect(run0).toEqual({ operator_name: 'Ada Auditor', operator_email: 'ada@example.org' });
  });

  it('exits 0 when every line was imported or already present, with DATABASE_URL and GOVCON_OPERATOR', async () => {
    const file = scratch.file('clean.jsonl', ...lines({ lines: 200, seed: 61 }));
    const env = { DATABASE_URL: db.url, GOVCON_OPERATOR: 'Env Operator <env@example.org>' };
    const first = await govcon(['import-jsonl', file, '--json', '--batch', '50'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(json(first)).toMatchObject({ outcome: 'clean', total: 200, imported: 200, rejected: 0, findings: [] });
    const again = await govcon(['import-jsonl', file, '--json'], { env });
    expect(again.code).toBe(0);
    expect(json(again)).toMatchObject({ total: 200, imported: 0, already_present: 200 });
    const operators = await sql<{ operator_name: string }>(
      db.url,
      "SELECT DISTINCT operator_name FROM console_import_files WHERE file_name = 'clean.jsonl'",
    );
    expect(operators).toEqual([{ operator_name: 'Env Operator' }]);
  });

  it('prints a summary for a person without --json, results on stdout only', async () => {
    const file = scratch.file('person.jsonl', ...lines({ lines: 3, seed: 62 }), '{"not": "a log line"}');
    const run = await govcon(['import-jsonl', file, '--url', db.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^.*person\.jsonl: 4 lines — 3 imported, 1 rejected\n/);
    expect(run.stdout).toMatch(/\ncustody run [0-9a-f-]{36}\n/);
    expect(run.stdout).toMatch(/\nfile .*person\.jsonl, \d+ bytes, sha256 [0-9a-f]{64}\n/);
    expect(run.stdout).toContain('  line 4: malformed (missing-hash) no string integrity_hash');
    expect(run.stderr).toBe(''); // no terminal: no progress bar
  });

  it('exits 2 with a stable error code when it cannot do its job', async () => {
    const cases: [string[], NodeJS.ProcessEnv, string][] = [
      [['import-jsonl', '--url', db.url, '--json'], {}, 'VALIDATION'],
      [['import-jsonl', VECTORS, VECTORS, '--url', db.url, '--json'], {}, 'VALIDATION'],
      [['import-jsonl', VECTORS, '--json'], {}, 'VALIDATION'],
      [['import-jsonl', VECTORS, '--url', db.url, '--batch', '0', '--json'], {}, 'VALIDATION'],
      [['import-jsonl', VECTORS, '--url', db.url, '--frobnicate', '--json'], {}, 'VALIDATION'],
      [['import-jsonl', path.join(scratch.dir, 'nope.jsonl'), '--url', db.url, '--json'], {}, 'FILE_ERROR'],
      [['import-jsonl', VECTORS, '--url', 'postgres://postgres@127.0.0.1:1/x', '--json'], {}, 'CONNECTION_REFUSED'],
      [['import-jsonl', VECTORS, '--url', `${db.url}_missing`, '--json'], {}, 'DATABASE_MISSING'],
    ];
    const before = await count(db.url, 'audit_logs');
    for (const [args, env, code] of cases) {
      const run = await govcon(args, { env });
      expect(run.code, args.join(' ')).toBe(2);
      expect(json(run), args.join(' ')).toEqual({ error: { code, message: expect.any(String) } });
    }
    const bare = await createTestDatabase('import_cli_bare');
    try {
      const run = await govcon(['import-jsonl', VECTORS, '--url', bare.url, '--json']);
      expect(run.code).toBe(2);
      expect(json(run)).toEqual({ error: { code: 'SCHEMA_MISSING', message: expect.stringContaining('govcon init') } });
      const text = await govcon(['import-jsonl', VECTORS, '--url', bare.url]);
      expect(text.code).toBe(2);
      expect(text.stdout).toBe('');
      expect(text.stderr).toMatch(/^govcon: .* \[SCHEMA_MISSING\]\n$/);
    } finally {
      await bare.drop();
    }
    expect(await count(db.url, 'audit_logs')).toBe(before);
  });

  it('is listed in --help, and shows its usage', async () => {
    const help = await govcon(['--help']);
    expect(help.stdout).toMatch(/^ {2}import-jsonl /m);
    const one = await govcon(['import-jsonl', '--help']);
    expect(one).toMatchObject({ code: 0 });
    expect(one.stdout.replace(/\s+/g, ' ')).toContain(
      'Usage: govcon import-jsonl PATH [--url URL] [--operator "Name <email>"] [--batch N]',
    );
  });
});
