import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';

/**
 * The Database page's Backup card: a backup of the connected database written by main to a new
 * file, then checked; the same file with one byte changed is reported as not sound, naming the
 * table; an existing file is never overwritten.
 */
test('back up the database from the Database page, check the file, and see a changed byte refused', async ({ app, host }) => {
  await app.getByRole('button', { name: 'Database', exact: true }).click();
  await app.getByRole('button', { name: 'Initialise' }).click();
  await expect(app.getByTestId('schema-state')).toContainText('managed');

  const card = app.getByRole('region', { name: 'Backup' });
  const file = path.join(host.filesDir, 'governance.gcb');
  await card.getByLabel('Back up to (full path of a new file)').fill(file);
  await card.getByRole('button', { name: 'Back up' }).click();
  await expect(card.getByTestId('job-backup').getByTestId('job-status')).toHaveText('succeeded');
  await expect(card.getByTestId('backup-backup-result')).toContainText('Backed up:');
  expect(fs.existsSync(file)).toBe(true);
  expect(fs.existsSync(`${file}.tmp`)).toBe(false);

  await card.getByLabel('Check a backup file (full path)').fill(file);
  await card.getByRole('button', { name: 'Check' }).click();
  await expect(card.getByTestId('backup-verify-result')).toContainText('Sound:');

  const bytes = fs.readFileSync(file);
  const users = bytes.indexOf(',"table":"users","previous":"');
  const row = bytes.indexOf('\n', users) + 10;
  bytes[row] = bytes[row] === 0x61 ? 0x62 : 0x61;
  const changed = path.join(host.filesDir, 'changed.gcb');
  fs.writeFileSync(changed, bytes);
  await card.getByLabel('Check a backup file (full path)').fill(changed);
  await card.getByRole('button', { name: 'Check' }).click();
  await expect(card.getByTestId('backup-verify-result')).toContainText('Not sound (digest-mismatch)');
  await expect(card.getByTestId('backup-verify-result')).toContainText('table users');

  // The same path again: refused, the file left as it was.
  await card.getByLabel('Back up to (full path of a new file)').fill(file);
  await card.getByRole('button', { name: 'Back up' }).click();
  await expect(app.getByRole('alert').filter({ hasText: 'already exists' })).toBeVisible();
});
