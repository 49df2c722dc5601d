import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { custodyReportSchema } from '../../../src-main/shared/model/report';
import { runGovcon } from '../../support/cli';
import { createInitialisedDatabase, type TestDatabase } from '../../support/test-db';
import { startRuntime, type RuntimeHarness } from './support';

/** The Integrity page's custody channels: the runs custody holds, their re-verification, their rejected lines. */
let db: TestDatabase;
let h: RuntimeHarness;
let dir: string;
let file: string;
let importId: string;
/** The lines the import's own report names as rejected. */
let rejected: number[];
beforeAll(async () => {
  db = await createInitialisedDatabase('custody_channels');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-custody-channels-'));
  file = path.join(dir, 'audit.jsonl');
  fs.copyFileSync('test/fixtures/vectors/audit-v1.jsonl', file);
  const report = JSON.parse((await runGovcon(['import-jsonl', file, '--url', db.url, '--json'])).stdout) as {
    import_id: string;
    findings: { line: number }[];
  };
  importId = report.import_id;
  rejected = report.findings.map((f) => f.line);
  h = startRuntime({ env: { DATABASE_URL: db.url } });
  await h.runtime.start();
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('custody channels', () => {
  it('integrity/imports lists the run with its file, SHA-256 and counts', async () => {
    const { runs, total, missing } = await h.call('integrity/imports', {});
    expect({ total, missing }).toEqual({ total: 1, missing: null });
    expect(runs[0]).toMatchObject({
      id: importId,
      fileName: 'audit.jsonl',
      filePath: file,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      status: 'completed',
      totalLines: 66,
      imported: 43,
      rejected: 17,
      differs: 0,
      custodyLines: 43,
    });
  });

  it('integrity/verify-custody is a job whose result is a custody report, saved like any report', async () => {
    const done = await h.job('integrity/verify-custody', { importId });
    expect(done.status).toBe('succeeded');
    const report = custodyReportSchema.parse(done.result);
    expect(report).toMatchObject({ outcome: 'clean', total: 43, ok: 43, import_id: importId, console_version: '0.0.0-test' });
    const html = await h.call('integrity/report', { jobId: done.jobId, format: 'html' });
    expect(html.content).toContain('Chain of custody re-verification');
    expect(html.content).toContain(importId);
  });

  it('integrity/rejected-lines gives the rejected lines with their text, and refuses a file that changed since', async () => {
    const exported = await h.call('integrity/rejected-lines', { importId });
    expect(exported).toMatchObject({ fileName: `audit-rejected-lines-${importId.slice(0, 8)}.jsonl`, mimeType: 'application/x-ndjson' });
    const lines = exported.content
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; kind: string; reason: string; raw?: string });
    // The lines jsonl-v1 or the table refuses, as the run's report named them (none here was refused by PostgreSQL itself).
    expect(lines.map((l) => l.line)).toEqual(rejected);
    expect(rejected).toHaveLength(17);
    expect(lines[0]).toMatchObject({ line: 8, kind: 'tampered', reason: 'hash-mismatch' });
    expect(lines[0]!.raw).toBe(fs.readFileSync(file, 'utf8').split('\n')[7]);
    fs.appendFileSync(file, '{"more": 1}\n');
    expect(await h.failure('integrity/rejected-lines', { importId })).toMatchObject({
      code: 'FILE_ERROR',
      message: expect.stringContaining('no longer the file that was imported'),
    });
  });
});
