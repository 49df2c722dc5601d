import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { govcon, sql } from './db-helpers';

test('the chain of custody: each import listed with its SHA-256 and counts, re-verified as a job, its rejected lines exportable', async ({
  app,
  host,
}, info) => {
  const url = host.databaseUrl!;
  await app.getByRole('button', { name: 'Integrity', exact: true }).click();
  const custody = app.getByRole('region', { name: 'Chain of custody' });
  // A database without custody says what to do, in place.
  await expect(custody.getByTestId('custody-missing')).toContainText('initialise it first');
  govcon(['init', '--url', url, '--yes', '--json']);

  // An import from the page appears in the list as it ends.
  const file = info.outputPath('audit.jsonl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync('test/fixtures/vectors/audit-v1.jsonl', file);
  const form = app.getByRole('form', { name: 'Import a file' });
  await form.getByLabel('File to import').fill(file);
  await form.getByRole('button', { name: 'Import file' }).click();
  await expect(form.getByTestId('job-status')).toHaveText('findings: 17');
  const [run] = (await sql(url, 'SELECT id::text, file_sha256 FROM console_import_files')).rows as { id: string; file_sha256: string }[];
  const row = custody.getByRole('table', { name: 'Imports' }).getByRole('row').filter({ hasText: run!.id });
  for (const text of ['audit.jsonl', run!.file_sha256, '66', '43', '17', 'completed']) await expect(row).toContainText(text);

  // Re-verified as a job: every imported row is proved again from its raw line.
  await row.getByRole('button', { name: 'Re-verify' }).click();
  const status = custody.getByTestId('job-verify-custody').getByTestId('job-status');
  await expect(status).toHaveText('clean');
  await expect(custody.getByTestId('verdict')).toContainText('CLEAN — 43 imported rows: 43 re-proved, 0 failed');

  // The rejected lines, with their text, read back from the same bytes.
  const download = app.waitForEvent('download');
  await row.getByRole('button', { name: 'Export rejected lines' }).click();
  const lines = fs
    .readFileSync((await (await download).path())!, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { line: number; kind: string; reason: string; raw?: string });
  expect(lines).toHaveLength(17);
  expect(lines[0]).toEqual({
    line: 8,
    kind: 'tampered',
    reason: 'hash-mismatch',
    message: expect.any(String),
    raw: fs.readFileSync(file, 'utf8').split('\n')[7],
  });

  // A row changed after the import is a custody finding, named with its column.
  await sql(url, `UPDATE audit_logs SET error = 'rewritten' WHERE id = (SELECT audit_log_id FROM console_import_lines LIMIT 1)`);
  await custody.getByRole('button', { name: 'Re-verify all imports' }).click();
  await expect(status).toHaveText('findings: 1');
  const findings = custody.getByRole('table', { name: 'Custody findings' });
  await expect(findings).toContainText('row-differs');
  await expect(findings).toContainText('differs in error');
});
