import { test, expect } from './fixtures';

/** A database that holds no governance schema: the pages say what to do, never INTERNAL. */
test('the Users and API Keys pages on an empty database say to initialise it first', async ({ app }) => {
  for (const page of ['Users', 'API Keys']) {
    await app.getByRole('button', { name: page, exact: true }).click();
    const alert = app.getByRole('alert').filter({ hasText: 'SCHEMA_MISSING' }).first();
    await expect(alert, page).toContainText('Initialise it first');
    await expect(app.getByRole('alert').filter({ hasText: 'INTERNAL' })).toHaveCount(0);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  }
});
