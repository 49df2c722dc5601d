import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
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
