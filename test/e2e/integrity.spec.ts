import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { govcon, sql } from './db-helpers';

test.describe('Integrity page', () => {
  test('verifies the database with a live progress bar and names the tampered row', async ({ app, host }) => {
    const url = host.databaseUrl!;
    govcon(['init', '--url', url, '--yes', '--json']);
    govcon(['demo', '--url', url, '--rows', '20000', '--json']);
    const { rows } = await sql(
      url,
      `UPDATE audit_logs SET outcome = CASE outcome WHEN 'success' THEN 'failure' ELSE 'success' END
       WHERE id = (SELECT id FROM audit_logs ORDER BY created_at LIMIT 1 OFFSET 777) RETURNING id::text`,
    );
    const tamperedId = rows[0].id as string;

    await app.getByRole('button', { name: 'Integrity', exact: true }).click();
    await app.getByRole('button', { name: 'Verify database' }).click();
    const job = app.getByTestId('job-verify-db');
    await expect(job.getByTestId('job-progress')).toContainText('/ 20,000');
    // A job that ran to the end and found tampering reads as a finding, never as a success.
    await expect(job.getByTestId('job-status')).toHaveText('findings: 1');
    await expect(app.getByTestId('verdict')).toContainText('FINDINGS (1)');
    await expect(app.getByTestId('verdict')).toContainText('19,999 ok, 1 tampered, 0 unverifiable');
    await expect(app.getByRole('table', { name: 'Failing rows' })).toContainText(tamperedId);
    await expect(app.getByTestId('blind-spots')).toContainText('deleted rows');
    const facts = app.getByTestId('report-facts');
    await facts.locator('summary').click();
    await expect(facts).toContainText(host.database!);
    await expect(facts).toContainText('20,000');

    // The report downloads as a self-contained HTML page naming the row and the snapshot judged.
    const download = app.waitForEvent('download');
    await app.getByRole('button', { name: 'Export HTML report' }).first().click();
    const file = await (await download).path();
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('FINDINGS — 1 found');
    expect(html).toContain(tamperedId);
    expect(html).toContain(host.database!);
    expect(html).toContain('snapshot at (UTC)');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  test('a running database verification can be cancelled', async ({ app, host }) => {
    const url = host.databaseUrl!;
    govcon(['init', '--url', url, '--yes', '--json']);
    // Hold a lock the verification must wait for, so it is surely still running when cancelled.
    const pg = await import('pg');
    const blocker = new pg.default.Client({ connectionString: url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE audit_logs IN ACCESS EXCLUSIVE MODE');
      await app.getByRole('button', { name: 'Integrity', exact: true }).click();
      await app.getByRole('button', { name: 'Verify database' }).click();
      const job = app.getByTestId('job-verify-db');
      await job.getByRole('button', { name: 'Cancel' }).click();
      await expect(job.getByTestId('job-status')).toContainText('cancelled');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
  });

  test('verifies an exported audit.jsonl offline, line by line', async ({ app }) => {
    const file = path.resolve('test/fixtures/vectors/audit-v1.jsonl');
    const expected = JSON.parse(fs.readFileSync('test/fixtures/vectors/audit-v1.expected.json', 'utf8')) as { expect: string }[];
    const count = (v: string) => expected.filter((e) => e.expect === v).length;
    await app.getByRole('button', { name: 'Integrity', exact: true }).click();
    await app.getByLabel('File path').fill(file);
    await app.getByRole('button', { name: 'Verify file' }).click();
    await expect(app.getByTestId('job-verify-file').getByTestId('job-status')).toHaveText(`findings: ${expected.length - count('ok')}`);
    await expect(app.getByTestId('verdict').last()).toContainText(
      `${expected.length} lines: ${count('ok')} ok, ${count('tampered')} tampered, ${count('malformed')} malformed`,
    );
    await expect(app.getByRole('table', { name: 'Failing lines' })).toContainText('hash-mismatch');
  });

  test('imports a log file once: verified lines only, nothing twice, and the imported rows verify', async ({ app, host }) => {
    govcon(['init', '--url', host.databaseUrl!, '--yes', '--json']);
    const file = path.resolve('test/fixtures/vectors/audit-v1.jsonl');
    await app.getByRole('button', { name: 'Integrity', exact: true }).click();
    const form = app.getByRole('form', { name: 'Import a file' });
    await form.getByLabel('File to import').fill(file);
    await form.getByRole('button', { name: 'Import file' }).click();
    await expect(form.getByTestId('job-status')).toContainText('findings:');
    const summary = form.getByTestId('import-summary');
    await expect(summary).toContainText('66 lines:');
    const first = (await summary.textContent())!;
    const count = (text: string, what: string) => Number(new RegExp(`([\\d,]+) ${what}`).exec(text)![1].replace(/,/g, ''));
    const imported = count(first, 'imported');
    const repeated = count(first, 'repeated in the file');
    expect(imported).toBeGreaterThan(0);
    await expect(form.getByRole('table', { name: 'Rejected lines' })).toContainText('hash-mismatch');
    const { rows } = await sql(host.databaseUrl!, 'SELECT count(*)::int AS n FROM console_import_lines');
    expect(rows[0].n).toBe(imported);

    // Again: nothing new (lines repeated in the file are now simply already present).
    await form.getByRole('button', { name: 'Import file' }).click();
    await expect(summary).toContainText(`0 imported, ${imported + repeated} already present`);

    // Every imported row carries a valid db-v1 hash.
    await app.getByRole('button', { name: 'Verify database' }).click();
    await expect(app.getByTestId('verdict').first()).toContainText(`CLEAN — ${imported} rows: ${imported} ok`);
    await expect(app.getByTestId('job-verify-db').getByTestId('job-status')).toHaveText('clean');
  });

  test('a file that cannot be read is reported with its path', async ({ app }) => {
    await app.getByRole('button', { name: 'Integrity', exact: true }).click();
    await app.getByLabel('File path').fill('/nonexistent/audit.jsonl');
    await app.getByRole('button', { name: 'Verify file' }).click();
    const status = app.getByTestId('job-verify-file').getByTestId('job-status');
    await expect(status).toContainText('could not run');
    await expect(status).toContainText('/nonexistent/audit.jsonl');
  });

  test('an empty file is a finding of its own: the page, its status and its report never call it clean', async ({ app }, info) => {
    const empty = info.outputPath('empty.jsonl');
    fs.mkdirSync(path.dirname(empty), { recursive: true });
    fs.writeFileSync(empty, '');
    await app.getByRole('button', { name: 'Integrity', exact: true }).click();
    await app.getByLabel('File path').fill(empty);
    await app.getByRole('button', { name: 'Verify file' }).click();
    await expect(app.getByTestId('job-verify-file').getByTestId('job-status')).toHaveText('findings: 1');
    const verdict = app.getByTestId('verdict');
    await expect(verdict).toContainText('FINDINGS (1) — 0 lines');
    await expect(verdict.getByTestId('empty-finding')).toContainText('the file holds no lines');
    await expect(verdict).not.toContainText('CLEAN');

    const download = app.waitForEvent('download');
    await app.getByRole('button', { name: 'Export HTML report' }).click();
    const html = fs.readFileSync((await (await download).path())!, 'utf8');
    expect(html).toContain('FINDINGS — 1 found');
    expect(html).toContain('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'); // SHA-256 of no bytes
    expect(html).not.toContain('CLEAN');
    const json = app.waitForEvent('download');
    await app.getByRole('button', { name: 'Export JSON' }).click();
    const report = JSON.parse(fs.readFileSync((await (await json).path())!, 'utf8')) as { outcome: string; findings: { kind: string }[] };
    expect(report.outcome).toBe('findings');
    expect(report.findings.map((f) => f.kind)).toEqual(['empty']);
  });
});
