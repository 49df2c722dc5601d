import { describe, expect, it } from 'vitest';
import { custodyReport } from '../../../../src-main/domains/verification/reports/custody';
import { dbV1Report } from '../../../../src-main/domains/verification/reports/db-v1';
import { reportFacts } from '../../../../src-main/domains/verification/reports/facts';
import { reportHtml, reportJson } from '../../../../src-main/domains/verification/reports/html';
import { importReport } from '../../../../src-main/domains/verification/reports/import';
import { jsonlV1Report } from '../../../../src-main/domains/verification/reports/jsonl-v1';
import { reportText } from '../../../../src-main/domains/verification/reports/text';
import { reportSchema, type Report } from '../../../../src-main/shared/model/report';
import type { ImportResult, VerifyDbResult, VerifyFileResult } from '../../../../src-main/shared/model/verification';
import type { CustodyVerifyResult } from '../../../../src-main/domains/import/custody-verify';

/** Each engine result mapped to its govcon/v2 report, in one place per format, and the files a person hands over. */
const facts = reportFacts('1.2.3', { name: 'Ada <Auditor>', email: 'ada@example.org' }, new Date('2026-12-01T10:00:00Z'));
const sha = 'ab'.repeat(32);
const snapshot = { server: 'db.example.org:5432', server_version: '15.20', database: 'gov', snapshot_at: '2026-12-01T09:59:59.000001Z' };

const file: VerifyFileResult = {
  format: 'jsonl-v1',
  file: { path: '/evidence/<script>alert(1)</script>.jsonl', size: 10, sha256: sha },
  total: 2,
  ok: 1,
  tampered: 1,
  malformed: 0,
  failures: [{ line: 2, verdict: 'tampered', reason: 'hash-mismatch' }],
  failures_not_listed: 0,
  entries: null,
};
const db: VerifyDbResult = {
  format: 'db-v1',
  snapshot,
  total: 0,
  ok: 0,
  tampered: 0,
  unverifiable: 0,
  failures: [],
  failures_not_listed: 0,
  entries: null,
};
const imported: ImportResult = {
  format: 'jsonl-v1',
  file: { path: '/evidence/audit.jsonl', size: 99, sha256: sha },
  import_id: '11111111-1111-4111-8111-111111111111',
  total: 4,
  imported: 1,
  already_present: 0,
  duplicates: 0,
  matched_existing: 1,
  differs: 1,
  differences: [{ line: 3, audit_log_id: '22222222-2222-4222-8222-222222222222', columns: ['parameters'] }],
  rejected_total: 1,
  rejected: [{ line: 4, verdict: 'ok', reason: 'bad-drag-mode', message: 'drag_mode "x" is not one of …' }],
  rejected_not_listed: 0,
  differences_not_listed: 0,
  entries: null,
  duration_ms: 12,
  event_id: '33333333-3333-4333-8333-333333333333',
};
const custody: CustodyVerifyResult = {
  snapshot,
  import_id: null,
  audit_log_id: null,
  total: 1,
  ok: 0,
  failed: 1,
  failures: [
    {
      position: 1,
      import_id: imported.import_id,
      audit_log_id: null,
      file_name: 'audit.jsonl',
      line: 7,
      verdict: 'row-deleted',
      reason: null,
      columns: null,
      detail: 'the audit_logs row imported from this line was deleted',
    },
  ],
  failures_not_listed: 0,
  entries: null,
  not_covered: 'custody blind spots',
};

const reports: Report[] = [jsonlV1Report(file, facts), dbV1Report(db, facts), importReport(imported, facts), custodyReport(custody, facts)];

describe('reports', () => {
  it('every mapping gives a report the schemas accept, with the facts of who, when and with what', () => {
    for (const r of reports) {
      expect(reportSchema.parse(r), r.format).toEqual(r);
      expect(r).toMatchObject({ console_version: '1.2.3', operator: 'Ada <Auditor> <ada@example.org>', at: '2026-12-01T10:00:00.000Z' });
      expect(r.method.length).toBeGreaterThan(40);
      expect(r.not_covered.length).toBeGreaterThan(10);
    }
  });

  it('an empty table is a finding; rejections and differences are findings of their own kind, in line order', () => {
    expect(reports[1]).toMatchObject({ outcome: 'findings', findings: [{ kind: 'empty', reason: 'no-rows' }] });
    expect(reports[2]!.findings.map((f) => [f.kind, f.line, f.id])).toEqual([
      ['differs-from-database', 3, '22222222-2222-4222-8222-222222222222'],
      ['not-importable', 4, null],
    ]);
    expect(reports[2]).toMatchObject({ ok: 2, differs: 1, rejected: 1 });
    expect(reports[3]!.findings[0]).toMatchObject({ kind: 'row-deleted', line: 7, position: 1, detail: { file_name: 'audit.jsonl' } });
  });

  it('the HTML page is self-contained, escapes what it quotes, and states the subject and the facts', () => {
    const html = reportHtml(reports[0]!);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const fact of [sha, '10 bytes', '1.2.3', 'Ada &lt;Auditor&gt; &lt;ada@example.org&gt;', '2026-12-01T10:00:00.000Z', 'jsonl-v1']) {
      expect(html).toContain(fact);
    }
    expect(html).toContain('FINDINGS — 1 found');
    const dbHtml = reportHtml(reports[1]!);
    for (const fact of ['db.example.org:5432', 'gov', '2026-12-01T09:59:59.000001Z', 'rows in the snapshot'])
      expect(dbHtml).toContain(fact);
    expect(JSON.parse(reportJson(reports[2]!))).toEqual(reports[2]);
  });

  it('the text for a person names the subject, the findings and what is not covered', () => {
    const text = reportText(reports[2]!);
    expect(text).toContain('4 lines — 1 imported, 1 already in the database, 1 differ from the database, 1 rejected');
    expect(text).toContain('line 3 22222222-2222-4222-8222-222222222222: differs from the database — differs in parameters');
    expect(text).toContain('line 4: not importable (bad-drag-mode)');
    expect(text).toContain(`file /evidence/audit.jsonl, 99 bytes, sha256 ${sha}`);
    expect(text).toMatch(/\nNot covered: /);
  });
});
