import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { govcon, sql } from './db-helpers';

function screenshot(app: Page, name: string) {
  fs.mkdirSync('test-results/screenshots', { recursive: true });
  return app.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

test('the sealed logs: a signing key made, the log sealed and verified as jobs, a changed row named as a break', async ({ app, host }) => {
  test.slow(); // two CLI runs to set up, a seal and two verifications
  const url = host.databaseUrl!;
  govcon(['init', '--url', url, '--yes', '--json']);
  govcon(['demo', '--url', url, '--rows', '40', '--json']);
  await app.getByRole('button', { name: 'Integrity', exact: true }).click();
  const seals = app.getByRole('region', { name: 'Sealed logs' });
  const audit = seals.getByTestId('sealed-log-audit_logs');
  await expect(audit).toContainText('Not sealed yet; 40 of 40 rows not yet sealed');
  await expect(seals.getByRole('button', { name: 'Seal now' })).toBeDisabled();

  // The console's own key (kept by the OS keychain in the app), then a seal as a job.
  await seals.getByLabel('Key name').fill('page-officer');
  await seals.getByRole('button', { name: 'Create signing key' }).click();
  const vkey = seals.getByTestId('app-vkey');
  await expect(vkey).toContainText(/^page-officer\+[0-9a-f]{8}\+/);
  await seals.getByRole('button', { name: 'Seal now' }).click();
  await expect(seals.getByTestId('job-seal').getByTestId('job-status')).toContainText('sealed: audit_logs seal 1 (+40 leaves)');
  await expect(audit).toContainText('Leaves 1–40 sealed in 1 seal; 0 of 40 rows not yet sealed');
  const keyId = (await vkey.textContent())!.split('+')[1]!;
  await expect(audit.getByRole('table', { name: 'Seals' })).toContainText(`page-officer ${keyId}`);

  // Verified with the key offered as trusted: clean.
  await expect(seals.getByLabel('Trusted keys')).toHaveValue((await vkey.textContent())!);
  await seals.getByRole('button', { name: 'Verify with seals' }).click();
  const status = seals.getByTestId('job-verify-seals').getByTestId('job-status');
  await expect(status).toHaveText('clean');

  // A sealed row changed: the break is named at its leaf.
  const [row] = (await sql(url, 'SELECT id::text FROM audit_logs ORDER BY created_at, id OFFSET 4 LIMIT 1')).rows as { id: string }[];
  await sql(url, "UPDATE audit_logs SET mission_objective = 'rewritten' WHERE id = $1", [row!.id]);
  await seals.getByRole('button', { name: 'Verify with seals' }).click();
  await expect(status).toHaveText('findings: 1');
  const breaks = seals.getByRole('table', { name: 'Breaks' });
  await expect(breaks).toContainText('modified');
  await expect(breaks).toContainText(row!.id);
  await screenshot(app, 'integrity-sealed-logs');
});
