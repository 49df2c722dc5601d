import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonlV1ReportSchema, type JsonlV1Report } from '../../../src-main/shared/model/report';
import { runGovcon } from '../../support/cli';

/**
 * `govcon verify-file --json` prints the govcon/v2 report (docs/cli.md, "Output, version 2"):
 * tied to the bytes judged, findings listed (not every line), an empty file a finding.
 */
const VECTORS = path.resolve('test/fixtures/vectors/audit-v1.jsonl');
const expected = JSON.parse(fs.readFileSync('test/fixtures/vectors/audit-v1.expected.json', 'utf8')) as { expect: string }[];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-verify-report-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function report(stdout: string): JsonlV1Report {
  const lines = stdout.split('\n');
  expect(lines, stdout).toHaveLength(2);
  return jsonlV1ReportSchema.parse(JSON.parse(lines[0]!));
}

describe('govcon verify-file --json', () => {
  it('is a govcon/v2 report naming the file by its SHA-256 and size, with the findings listed', async () => {
    const run = await runGovcon(['verify-file', VECTORS, '--json', '--operator', 'Ada Auditor <ada@example.org>']);
    expect(run.code).toBe(1);
    const r = report(run.stdout);
    const bytes = fs.readFileSync(VECTORS);
    expect(r.subject).toEqual({
      type: 'file',
      path: VECTORS,
      name: 'audit-v1.jsonl',
      size: bytes.length,
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    });
    expect(r).toMatchObject({ report: 'govcon/v2', format: 'jsonl-v1', outcome: 'findings', operator: 'Ada Auditor <ada@example.org>' });
    expect(r.total).toBe(expected.length);
    const bad = expected.filter((e) => e.expect !== 'ok').length;
    expect(r.findings).toHaveLength(bad);
    expect(r.findings[0]).toMatchObject({ kind: 'tampered', reason: 'hash-mismatch', position: 8, line: 8, id: null, seal: null });
    expect(r.entries).toBeUndefined();
    expect(r.method).toContain('jsonl-v1');
    expect(r.not_covered).toMatch(/deleted/);
    expect(Date.parse(r.at)).not.toBeNaN();
    expect(r.console_version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an empty file is a finding of its own (kind empty), exit 1 — never a clean result', async () => {
    const empty = path.join(dir, 'empty.jsonl');
    fs.writeFileSync(empty, '');
    const run = await runGovcon(['verify-file', empty, '--json']);
    expect(run.code).toBe(1);
    const r = report(run.stdout);
    expect(r).toMatchObject({ outcome: 'findings', total: 0, ok: 0 });
    expect(r.findings).toEqual([{ kind: 'empty', reason: 'no-lines', position: null, id: null, line: null, seal: null, detail: null }]);
    const text = await runGovcon(['verify-file', empty]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('nothing to judge');
  });

  it('lists only the findings for a file of garbage, and every line only with --all', async () => {
    const garbage = path.join(dir, 'garbage.jsonl');
    fs.writeFileSync(garbage, 'not json at all\n'.repeat(3000) + '{"a": 1}\n');
    const run = await runGovcon(['verify-file', garbage, '--json']);
    const r = report(run.stdout);
    expect(r).toMatchObject({ total: 3001, ok: 0, malformed: 3001 });
    expect(r.findings).toHaveLength(3001);
    expect(r.entries).toBeUndefined();
    expect(run.stdout).not.toContain('"verdict"');
    const all = report((await runGovcon(['verify-file', garbage, '--json', '--all'])).stdout);
    expect(all.entries).toHaveLength(3001);
    expect(all.entries![3000]).toEqual({ position: 3001, verdict: 'malformed', reason: 'missing-hash', id: null });
  });

  it('a clean file exits 0 with no findings', async () => {
    const clean = path.join(dir, 'clean.jsonl');
    fs.writeFileSync(clean, `${fs.readFileSync(VECTORS, 'utf8').split('\n')[0]}\n`);
    const run = await runGovcon(['verify-file', clean, '--json']);
    expect(run.code).toBe(0);
    expect(report(run.stdout)).toMatchObject({ outcome: 'clean', total: 1, ok: 1, findings: [], findings_not_listed: 0 });
  });
});
