import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDatabase } from '../../../src-main/domains/verification/verify-db';
import { dbV1ReportSchema, jsonlV1ReportSchema } from '../../../src-main/shared/model/report';
import type { TestDatabase } from '../../support/test-db';
import { govcon, insertAuditRows, sql, verifyDatabaseFixture, type AuditRow } from './support';

const VECTORS = path.resolve('test/fixtures/vectors');

interface DbVector extends AuditRow {
  expect: 'ok' | 'tampered';
}

const dbVectors = fs
  .readFileSync(path.join(VECTORS, 'db-v1-rows.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as DbVector);

const auditFile = path.join(VECTORS, 'audit-v1.jsonl');
const auditExpected = JSON.parse(fs.readFileSync(path.join(VECTORS, 'audit-v1.expected.json'), 'utf8')) as {
  line: number;
  expect: 'ok' | 'tampered' | 'malformed';
}[];

const REASONS = ['bad-utf8', 'bom', 'blank', 'bad-json', 'not-object', 'missing-hash', 'bad-timestamp', 'hash-mismatch'];

describe('the shared db-v1 vectors in a real audit_logs table', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await verifyDatabaseFixture('verify_vectors');
    await insertAuditRows(db.url, dbVectors);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('stored every vector as given (timestamps as PostgreSQL prints them)', async () => {
    const rows = await sql<{ id: string; created_at: string | null; trace_id: string }>(
      db.url,
      'SELECT id::text, created_at::text AS created_at, trace_id::text FROM audit_logs',
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.size).toBe(dbVectors.length);
    for (const v of dbVectors) expect(byId.get(v.id)).toEqual({ id: v.id, created_at: v.created_at, trace_id: v.trace_id });
  });

  it("gives every row its expected verdict through verifyDatabase (the vectors' tampered rows all have well-formed hashes)", async () => {
    // Every 'tampered' vector stores 64 lowercase hex digits, so none is unverifiable.
    expect(dbVectors.filter((v) => v.expect === 'tampered').every((v) => /^[0-9a-f]{64}$/.test(v.integrity_hash))).toBe(true);
    const result = await verifyDatabase({ connectionString: db.url });
    const expectedTampered = dbVectors.filter((v) => v.expect === 'tampered');
    expect(result).toMatchObject({
      total: dbVectors.length,
      ok: dbVectors.length - expectedTampered.length,
      tampered: expectedTampered.length,
      unverifiable: 0,
      failures_not_listed: 0,
    });
    expect(result.failures.map((f) => f.id).sort()).toEqual(expectedTampered.map((v) => v.id).sort());
    for (const f of result.failures) {
      const v = dbVectors.find((x) => x.id === f.id)!;
      expect(f).toMatchObject({
        trace_id: v.trace_id,
        created_at: v.created_at,
        stored: v.integrity_hash,
        verdict: 'tampered',
        reason: 'hash-mismatch',
      });
      expect(f.computed).toMatch(/^[0-9a-f]{64}$/);
      expect(f.computed).not.toBe(v.integrity_hash);
    }
    // Listed in (created_at, id) order; the row without created_at comes last.
    const order = [...expectedTampered].sort((a, b) =>
      a.created_at === b.created_at
        ? a.id < b.id
          ? -1
          : 1
        : a.created_at === null
          ? 1
          : b.created_at === null
            ? -1
            : a.created_at < b.created_at
              ? -1
              : 1,
    );
    expect(result.failures.map((f) => f.id)).toEqual(order.map((v) => v.id));
  });

  it('gives the same verdicts through `govcon verify-db --json`, exit 1, in the documented shape', async () => {
    const run = await govcon(['verify-db', '--url', db.url, '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const out = dbV1ReportSchema.parse(JSON.parse(run.stdout));
    const tampered = dbVectors.filter((v) => v.expect === 'tampered');
    expect(out).toMatchObject({
      report: 'govcon/v2',
      format: 'db-v1',
      outcome: 'findings',
      total: dbVectors.length,
      ok: dbVectors.length - tampered.length,
      tampered: tampered.length,
      unverifiable: 0,
    });
    // Every finding says what it is (kind and reason), which row, and both hashes.
    const inProcess = await verifyDatabase({ connectionString: db.url });
    expect(out.findings).toEqual(
      inProcess.failures.map((f) => ({
        kind: f.verdict,
        reason: f.reason,
        position: f.position,
        id: f.id,
        line: null,
        seal: null,
        detail: { trace_id: f.trace_id, created_at: f.created_at, stored: f.stored, computed: f.computed },
      })),
    );
    const verdicts = new Map(dbVectors.map((v) => [v.id, 'ok']));
    for (const f of out.findings) verdicts.set(f.id!, f.kind);
    expect(dbVectors.map((v) => verdicts.get(v.id))).toEqual(dbVectors.map((v) => v.expect));
  });

  it('exits 0 once only the ok vectors are left, and says so to a person without --json', async () => {
    await sql(db.url, 'DELETE FROM audit_logs WHERE id = ANY($1::uuid[])', [
      dbVectors.filter((v) => v.expect === 'tampered').map((v) => v.id),
    ]);
    const ok = dbVectors.filter((v) => v.expect === 'ok').length;
    const json = await govcon(['verify-db', '--url', db.url, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ outcome: 'clean', total: ok, ok, tampered: 0, unverifiable: 0, findings: [] });
    const text = await govcon(['verify-db'], { env: { DATABASE_URL: db.url } });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${ok} rows — ${ok} ok, 0 tampered, 0 unverifiable`);
    expect(text.stdout).toMatch(/deleted rows/);
  });
});

describe('govcon verify-file on the shared audit-v1 vectors', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-verify-cli-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints every failing line with its verdict and reason, every line with --all, and exits 1', async () => {
    const run = await govcon(['verify-file', auditFile, '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const out = jsonlV1ReportSchema.parse(JSON.parse(run.stdout));
    const count = (v: string) => auditExpected.filter((e) => e.expect === v).length;
    expect(out).toMatchObject({
      format: 'jsonl-v1',
      outcome: 'findings',
      total: auditExpected.length,
      ok: count('ok'),
      tampered: count('tampered'),
      malformed: count('malformed'),
    });
    expect(out.findings.map((f) => ({ line: f.line, expect: f.kind }))).toEqual(auditExpected.filter((e) => e.expect !== 'ok'));
    for (const f of out.findings) {
      expect(f.position).toBe(f.line);
      expect(REASONS).toContain(f.reason);
      if (f.kind === 'tampered') expect(f.reason).toBe('hash-mismatch');
      else expect(f.reason).not.toBe('hash-mismatch');
    }
    const all = jsonlV1ReportSchema.parse(JSON.parse((await govcon(['verify-file', auditFile, '--json', '--all'])).stdout));
    expect(all.entries!.map((e) => ({ line: e.position, expect: e.verdict }))).toEqual(auditExpected);
  });

  it('exits 0 on a file of only ok lines, and names the failing lines to a person', async () => {
    const lines = fs.readFileSync(auditFile, 'utf8').split('\n');
    const okFile = path.join(dir, 'ok.jsonl');
    fs.writeFileSync(
      okFile,
      auditExpected
        .filter((e) => e.expect === 'ok')
        .map((e) => `${lines[e.line - 1]}\n`)
        .join(''),
    );
    const okCount = auditExpected.filter((e) => e.expect === 'ok').length;
    const run = await govcon(['verify-file', okFile, '--json']);
    expect(run.code).toBe(0);
    const out = jsonlV1ReportSchema.parse(JSON.parse(run.stdout));
    expect(out).toMatchObject({ outcome: 'clean', total: okCount, ok: okCount, tampered: 0, malformed: 0, findings: [] });

    const text = await govcon(['verify-file', auditFile]);
    expect(text.code).toBe(1);
    const firstBad = auditExpected.find((e) => e.expect !== 'ok')!;
    expect(text.stdout).toContain(`line ${firstBad.line}: ${firstBad.expect}`);
  });

  it('exits 2 with a FILE_ERROR when the file cannot be read', async () => {
    const missing = path.join(dir, 'no-such-file.jsonl');
    const run = await govcon(['verify-file', missing, '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'FILE_ERROR', message: expect.stringContaining('no-such-file.jsonl') } });
    expect(Object.keys(JSON.parse(run.stdout) as object)).toEqual(['error']);

    const text = await govcon(['verify-file', missing]);
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/\[FILE_ERROR\]/);

    const noPath = await govcon(['verify-file', '--json']);
    expect(noPath.code).toBe(2);
    expect(JSON.parse(noPath.stdout)).toMatchObject({ error: { code: 'VALIDATION' } });
  });
});
