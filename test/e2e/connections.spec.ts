import { test, expect } from './fixtures';
import { sql, uniqueName, withDatabase } from './db-helpers';

test('create a profile, test it, connect (creating the database), initialise it and see its tables', async ({ app, host }) => {
  const admin = new URL(host.adminUrl);
  const database = uniqueName('gce_profile');
  try {
    await app.getByRole('button', { name: 'Connections', exact: true }).click();
    await app.getByRole('button', { name: 'New connection' }).click();
    const form = app.getByRole('form', { name: 'Connection profile' });
    await form.getByLabel('Name', { exact: true }).fill('Browser test');
    await form.getByLabel('Host', { exact: true }).fill(admin.hostname);
    await form.getByLabel('Port', { exact: true }).fill(admin.port || '5432');
    await form.getByLabel('Database', { exact: true }).fill(database);
    await form.getByLabel('User', { exact: true }).fill(decodeURIComponent(admin.username));
    if (admin.password) await form.getByLabel('Password', { exact: true }).fill(decodeURIComponent(admin.password));
    await form.getByLabel('Operator name', { exact: true }).fill('Ada Auditor');
    await form.getByLabel('Operator email', { exact: true }).fill('ada@example.org');
    await form.getByRole('button', { name: 'Save' }).click();

    const row = app.locator('tr[data-profile="Browser test"]');
    await expect(row).toBeVisible();

    // Testing a profile whose database does not exist says so, with its code.
    await row.getByRole('button', { name: 'Test' }).click();
    await expect(app.getByRole('alert').filter({ hasText: 'DATABASE_MISSING' })).toBeVisible();

    // Connecting offers to create it; then the status bar shows the new connection.
    await row.getByRole('button', { name: 'Connect' }).click();
    await row.getByRole('button', { name: 'Create it' }).click();
    await expect(app.getByTestId('active-connection')).toContainText(`/${database}`);
    // The error stayed up until the database was created; now it is answered, and goes.
    await expect(app.getByRole('alert').filter({ hasText: 'DATABASE_MISSING' })).toHaveCount(0);
    await row.getByRole('button', { name: 'Test' }).click();
    await expect(row.getByTestId('profile-status')).toContainText('tested: PostgreSQL');

    await app.getByRole('button', { name: 'Database', exact: true }).click();
    await expect(app.getByTestId('schema-state')).toContainText('empty');
    await app.getByRole('button', { name: 'Initialise' }).click();
    await expect(app.getByTestId('job-migrations').getByTestId('job-status')).toHaveText('succeeded');
    await expect(app.getByTestId('schema-state')).toContainText('managed');
    const tables = app.getByRole('table', { name: 'Tables and views' });
    const names = ['audit_logs', 'users', 'api_keys', 'workflow_executions', 'governance_metrics', 'v_recent_governance', 'console_events'];
    for (const name of names) {
      await expect(tables.getByRole('cell', { name, exact: true })).toBeVisible();
    }
    await expect(app.getByTestId('pool')).toContainText('open of');

    // The initialisation is recorded with the profile's operator.
    const events = await sql(
      withDatabase(host.adminUrl, database),
      "SELECT operator_name, operator_email FROM console_events WHERE action = 'database.initialise'",
    );
    expect(events.rows).toEqual([{ operator_name: 'Ada Auditor', operator_email: 'ada@example.org' }]);
  } finally {
    await app.close();
    await sql(host.adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
});
