import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceReportSchema } from '../../../src-main/shared/model/report';
import type { EvidenceExportDto } from '../../../src-main/shared/model/evidence';
import { runGovcon } from '../../support/cli';
import { createInitialisedDatabase, sql, type TestDatabase } from '../../support/test-db';
import { startRuntime, type RuntimeHarness } from './support';

/** The Integrity page's evidence channels: export as a job on the active connection, verify as a job with no database. */
let db: TestDatabase;
let h: RuntimeHarness;
/** The key the first test seals with (the second exports what it sealed). */
let sealKey = '';
beforeAll(async () => {
  db = await createInitialisedDatabase('evidence_channels');
  expect((await runGovcon(['demo', '--url', db.url, '--rows', '40', '--json'])).code).toBe(0);
  h = startRuntime({ env: { DATABASE_URL: db.url } });
  await h.runtime.start();
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

describe('evidence channels', () => {
  it('exports a seal as a job, verifies the file as a job, names a changed byte, refuses a bad key', async () => {
    const { vkey } = await h.call('seals/create-key', { name: 'evidence-officer' });
    sealKey = vkey;
    expect((await h.job('seals/seal', { marginSeconds: 0 })).status).toBe('succeeded');
    const out = path.join(h.dataDir, 'seal-1.tar');
    const exported = await h.job('evidence/export', { out, selection: { kind: 'seals', first: 1, last: 1 } });
    expect(exported.status, JSON.stringify(exported.error)).toBe('succeeded');
    const [{ n }] = await sql<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM audit_logs');
    expect(exported.result as EvidenceExportDto).toMatchObject({ rows: n, runs: 1, seal_number: 1, signers: [vkey] });

    const clean = await h.job('evidence/verify-bundle', { path: out, trustedKeys: [vkey] });
    expect(evidenceReportSchema.parse(clean.result)).toMatchObject({ outcome: 'clean', total: n, ok: n });
    // The report saves as JSON and HTML like every other judgement's.
    const html = await h.call('integrity/report', { jobId: clean.jobId, format: 'html' });
    expect(html.content).toContain('govcon-evidence/v1');
    expect(html.content).toContain('evidence-officer');

    const bytes = fs.readFileSync(out);
    const at = bytes.indexOf(Buffer.from('"leaf_index":3,')) + 30;
    bytes[at] ^= 0x02;
    fs.writeFileSync(out, bytes);
    const bad = evidenceReportSchema.parse((await h.job('evidence/verify-bundle', { path: out, trustedKeys: [vkey] })).result);
    expect(bad.outcome).toBe('findings');
    expect(bad.findings).toContainEqual(expect.objectContaining({ kind: 'modified', position: 4, reason: 'rows.jsonl' }));

    expect((await h.failure('evidence/verify-bundle', { path: out, trustedKeys: ['not+00000000+AAAA'] })).code).toBe('VALIDATION');
    const missing = await h.job('evidence/verify-bundle', { path: path.join(h.dataDir, 'missing.tar'), trustedKeys: [vkey] });
    expect(missing.status).toBe('failed');
    expect(missing.error?.code).toBe('FILE_ERROR');
  });

  it("exports the Audit Log page's filter as a job: the rows the page lists, the label fixing its times; a bad filter refused at once", async () => {
    const filter = 'since:3650d outcome:success,failure';
    const page = await h.call('audit/list', { filter, order: 'oldest', limit: 1000 });
    const out = path.join(h.dataDir, 'filter.tar');
    const exported = await h.job('evidence/export', { out, selection: { kind: 'filter', filter } });
    expect(exported.status, JSON.stringify(exported.error)).toBe('succeeded');
    expect(exported.result as EvidenceExportDto).toMatchObject({ rows: page.rows.length, unsealed: 0 });
    const tar = fs.readFileSync(out);
    const manifest = tar.subarray(512, tar.indexOf(0x0a, 512)).toString('utf8');
    expect(manifest).toMatch(/"selection":"--filter \\"since:\d{4}-[^ ]+Z outcome:success,failure\\" \(given as/);
    for (const r of page.rows) expect(tar.includes(Buffer.from(`"id":"${r.id}"`))).toBe(true);
    const clean = await h.job('evidence/verify-bundle', { path: out, trustedKeys: [sealKey] });
    expect(evidenceReportSchema.parse(clean.result)).toMatchObject({ outcome: 'clean', total: page.rows.length });
    const bad = await h.failure('evidence/export', { out: `${out}.bad`, selection: { kind: 'filter', filter: 'colour:red' } });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.message).toMatch(/Unknown filter key "colour"/);
  });
});
