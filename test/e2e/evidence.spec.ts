import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { govcon, sql } from './db-helpers';
import { bundleOf, OTHER, range, SEALER, syntheticLog, vkeyOf } from '../support/evidence-bundle';

/** "Verify evidence file" on the Integrity page: a govcon-evidence/v1 bundle, no database, no network. */
test.describe('Verify evidence file', () => {
  const log = syntheticLog(120, { sizes: [60, 120] });

  test('verifies a clean bundle, names a changed row, and refuses a key it was not told to trust', async ({ app }, info) => {
    const clean = info.outputPath('incident.tar');
    fs.mkdirSync(path.dirname(clean), { recursive: true });
    const bytes = bundleOf(log, [...range(20, 70), 100]);
    fs.writeFileSync(clean, bytes);
    const bad = Buffer.from(bytes);
    const at = bad.indexOf(Buffer.from('{"leaf_index":30,')) + 40;
    bad[at] ^= 0x01;
    const tampered = info.outputPath('tampered.tar');
    fs.writeFileSync(tampered, bad);

    await app.getByRole('button', { name: 'Integrity', exact: true }).click();
    const form = app.getByRole('form', { name: 'Verify evidence file' });
    await form.getByLabel('Evidence file').fill(clean);
    await form.getByLabel(/Trusted keys/).fill(`# the sealer\n${vkeyOf(SEALER)}`);
    await form.getByRole('button', { name: 'Verify evidence file' }).click();
    await expect(form.getByTestId('job-verify-bundle').getByTestId('job-status')).toHaveText('clean');
    await expect(form.getByTestId('verdict')).toContainText(
      'CLEAN — 51 rows of audit_logs: 51 proven against signed checkpoints, in 2 runs',
    );
    await expect(form.getByTestId('evidence-checkpoints')).toContainText('checkpoints/2.note: tree size 120, signed by a trusted key');
    await expect(form).toContainText(vkeyOf(SEALER)); // the key inside, shown

    await form.getByLabel('Evidence file').fill(tampered);
    await form.getByRole('button', { name: 'Verify evidence file' }).click();
    await expect(form.getByTestId('job-verify-bundle').getByTestId('job-status')).toContainText('findings:');
    const findings = form.getByRole('table', { name: 'Evidence findings' });
    await expect(findings).toContainText('modified');
    await expect(findings).toContainText('rows.jsonl row 11 (leaf position 31)');

    await form.getByLabel('Evidence file').fill(clean);
    await form.getByLabel(/Trusted keys/).fill(vkeyOf(OTHER));
    await form.getByRole('button', { name: 'Verify evidence file' }).click();
    await expect(form.getByTestId('job-verify-bundle').getByTestId('job-status')).toContainText('findings: 2');
    await expect(form.getByRole('table', { name: 'Evidence findings' })).toContainText('untrusted-signer');
    await expect(form.getByTestId('evidence-checkpoints')).toContainText('not signed by a trusted key');
  });
});

test.describe('Export evidence', () => {
  test('exports the rows of a seal from the window, and the file verifies there', async ({ app, host }, info) => {
    const url = host.databaseUrl!;
    process.env.GOVCON_KEY_PASSPHRASE = 'correct horse battery staple';
    const key = info.outputPath('officer.key');
    fs.mkdirSync(path.dirname(key), { recursive: true });
    govcon(['init', '--url', url, '--yes', '--json']);
    govcon(['demo', '--url', url, '--rows', '120', '--json']);
    const vkey = (
      JSON.parse(govcon(['signing-key', 'create', '--out', key, '--name', 'e2e-officer', '--json'])) as { verifier_key: string }
    ).verifier_key;
    govcon(['seal', '--url', url, '--key', key, '--checkpoint-dir', info.outputPath('checkpoints'), '--json']);
    const { rows } = await sql(url, 'SELECT count(*)::int AS n FROM audit_logs');
    const n = rows[0].n as number;

    await app.getByRole('button', { name: 'Integrity', exact: true }).click();
    const form = app.getByRole('form', { name: 'Export evidence' });
    await form.getByLabel('Rows').selectOption('seals');
    await form.getByLabel('First seal').fill('1');
    await form.getByLabel('Last seal').fill('1');
    const out = info.outputPath('seal-1.tar');
    await form.getByLabel('Save as (full path)').fill(out);
    await form.getByRole('button', { name: 'Export evidence' }).click();
    await expect(form.getByTestId('job-export-evidence').getByTestId('job-status')).toHaveText('succeeded');
    await expect(form.getByTestId('evidence-export-summary')).toContainText(`${n} rows in 1 runs`);
    expect(fs.existsSync(out)).toBe(true);

    const verify = app.getByRole('form', { name: 'Verify evidence file' });
    await verify.getByLabel('Evidence file').fill(out);
    await verify.getByLabel(/Trusted keys/).fill(vkey);
    await verify.getByRole('button', { name: 'Verify evidence file' }).click();
    await expect(verify.getByTestId('job-verify-bundle').getByTestId('job-status')).toHaveText('clean');
    await expect(verify.getByTestId('verdict')).toContainText(`CLEAN — ${n} rows of audit_logs: ${n} proven`);
  });
});
