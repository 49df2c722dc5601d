import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { govcon, sql } from './db-helpers';

function screenshot(app: Page, name: string) {
  fs.mkdirSync('test-results/screenshots', { recursive: true });
  return app.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** The Audit Log page's "Export as evidence…": the sealed entries of the current filter, as a bundle that verifies offline. */
test('exports the current filter as evidence: the sealed entries in, the unsealed counted, the file verifies', async ({
  app,
  host,
}, info) => {
  test.slow(); // CLI runs to set up, a seal, an export and a verification
  const url = host.databaseUrl!;
  process.env.GOVCON_KEY_PASSPHRASE = 'correct horse battery staple';
  const key = info.outputPath('officer.key');
  fs.mkdirSync(path.dirname(key), { recursive: true });
  govcon(['init', '--url', url, '--yes', '--json']);
  govcon(['demo', '--url', url, '--rows', '120', '--json']);
  const vkey = (JSON.parse(govcon(['signing-key', 'create', '--out', key, '--name', 'e2e-officer', '--json'])) as { verifier_key: string })
    .verifier_key;
  govcon(['seal', '--url', url, '--key', key, '--checkpoint-dir', info.outputPath('checkpoints'), '--json']);
  // After the seal: one more rejected entry, shown by the filter, in no seal.
  await sql(
    url,
    `INSERT INTO audit_logs (id, trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash, created_at)
     VALUES (gen_random_uuid(), gen_random_uuid(), 'Late Entry', 'execute', 'cost-report', 'rejected', repeat('0', 64),
             now() AT TIME ZONE 'UTC')`,
  );
  const { rows } = await sql(url, "SELECT count(*)::int AS n FROM audit_logs WHERE outcome IN ('failure', 'rejected')");
  const matching = rows[0].n as number;

  await app.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audit Log', exact: true }).click();
  const input = app.getByRole('textbox', { name: 'Filter string' });
  await input.fill('outcome:failure,rejected');
  await input.press('Enter');
  await expect(app.getByTestId('audit-debug')).toContainText('filter: outcome:failure,rejected');

  const panel = app.getByTestId('audit-evidence');
  await panel.getByText('Export as evidence…').click();
  await expect(panel).toContainText('Filter: outcome:failure,rejected');
  const out = info.outputPath('failures.tar');
  await panel.getByLabel('Save to (full path of a new file)').fill(out);
  await panel.getByRole('button', { name: 'Export evidence' }).click();
  await expect(panel.getByTestId('job-audit-evidence').getByTestId('job-status')).toHaveText('succeeded');
  await expect(panel.getByTestId('audit-evidence-result')).toContainText(`${matching - 1} entries went in (`);
  await expect(panel.getByTestId('audit-evidence-result')).toContainText('1 left out as not sealed');
  await expect(panel.getByTestId('audit-evidence-result')).toContainText(vkey);
  await panel.scrollIntoViewIfNeeded();
  await screenshot(app, 'audit-log-evidence');

  // Offline, with the real command line: clean, every row the filter shows that is sealed.
  const report = JSON.parse(govcon(['verify-bundle', out, '--trusted-key', vkey, '--json'])) as { outcome: string; total: number };
  expect(report).toMatchObject({ outcome: 'clean', total: matching - 1 });
  const tar = fs.readFileSync(out);
  expect(tar.includes(Buffer.from('"selection":"--filter \\"outcome:failure,rejected\\" (the Audit Log page\'s filter)"'))).toBe(true);
});
