import { test, expect } from './fixtures';
import { govcon, sql } from './db-helpers';

const STORY = 'users and keys: create a user, create a key shown once, copy it, revoke it, disable the user, dormant report';

test(STORY, async ({ app, host, context }) => {
  const url = host.databaseUrl!;
  govcon(['init', '--url', url, '--yes', '--json']);
  await sql(
    url,
    "INSERT INTO users (email, name, role, created_at) VALUES ('sleepy@example.org', 'Sleepy Sam', 'user', now() - interval '200 days')",
  );
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url });

  // Create a user.
  await app.getByRole('button', { name: 'Users', exact: true }).click();
  await app.getByRole('button', { name: 'New user' }).click();
  const userForm = app.getByRole('form', { name: 'New user' });
  await userForm.getByLabel('Email').fill('grace@example.org');
  await userForm.getByLabel('Name').fill('Grace Hopper');
  await userForm.getByLabel('Role').selectOption('sre');
  await userForm.getByRole('button', { name: 'Create user' }).click();
  await expect(app.locator('tr[data-user="grace@example.org"]')).toContainText('sre');

  // A bad email is refused with the reason, and nothing is created.
  await app.getByRole('button', { name: 'New user' }).click();
  await userForm.getByLabel('Email').fill('not-an-email');
  await userForm.getByLabel('Name').fill('Nobody');
  await userForm.getByRole('button', { name: 'Create user' }).click();
  await expect(app.getByRole('alert').filter({ hasText: 'VALIDATION' })).toBeVisible();

  // Create a key: shown once, copied, then gone from the page.
  await app.getByRole('button', { name: 'API Keys', exact: true }).click();
  await app.getByRole('button', { name: 'New key' }).click();
  const keyForm = app.getByRole('form', { name: 'New API key' });
  await keyForm.getByLabel('User email').fill('GRACE@example.org');
  await keyForm.getByLabel('Key name').fill('ci-deployer');
  await keyForm.getByLabel('write').check();
  await keyForm.getByRole('button', { name: 'Create key' }).click();
  const secret = (await app.getByTestId('new-key').textContent())!;
  expect(secret).toMatch(/^aiwf_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
  await app.getByRole('dialog', { name: 'New API key' }).getByRole('button', { name: 'Copy' }).click();
  const clipboard = await app.evaluate(() =>
    (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
  );
  expect(clipboard).toBe(secret);
  await app.getByRole('button', { name: 'I have stored it — dismiss' }).click();
  await expect(app.getByTestId('new-key')).toHaveCount(0);
  expect(await app.content()).not.toContain(secret);
  const row = app.locator('tr[data-key="ci-deployer"]');
  await expect(row).toContainText(secret.slice(0, 12));
  await expect(row.getByTestId('key-status')).toHaveText('active');

  // The console checks it as valid; the service's own SQL finds it too.
  await app.getByLabel('Key to check').fill(secret);
  await app.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(app.getByTestId('check-result')).toContainText('Valid — grace@example.org');
  const found = await sql(
    url,
    "SELECT name FROM api_keys WHERE key_hash = encode(sha256(convert_to($1,'UTF8')),'hex') AND is_active AND revoked_at IS NULL",
    [secret],
  );
  expect(found.rows).toEqual([{ name: 'ci-deployer' }]);

  // Revoke it, once confirmed.
  await row.getByRole('button', { name: 'Revoke' }).click();
  await app.getByRole('dialog', { name: 'Revoke "ci-deployer"?' }).getByRole('button', { name: 'Revoke 1 key' }).click();
  await expect(row.getByTestId('key-status')).toHaveText('revoked');
  await app.getByLabel('Key to check').fill(secret);
  await app.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(app.getByTestId('check-result')).toContainText('(revoked)');

  // Disable the user from the detail drawer.
  await app.getByRole('button', { name: 'Users', exact: true }).click();
  await app.locator('tr[data-user="grace@example.org"]').getByRole('button', { name: 'grace@example.org' }).click();
  const drawer = app.getByRole('complementary', { name: 'User detail' });
  await drawer.getByRole('button', { name: 'Disable user' }).click();
  await app.getByRole('dialog', { name: 'Disable grace@example.org?' }).getByRole('button', { name: 'Disable grace@example.org' }).click();
  await expect(drawer.getByTestId('user-status')).toHaveText('disabled');
  await expect(app.locator('tr[data-user="grace@example.org"]')).toContainText('disabled');
  await drawer.getByRole('button', { name: 'Close' }).click();

  // The dormant report finds the user unseen for 200 days and disables them, once confirmed.
  await app.getByRole('tab', { name: 'Dormant accounts' }).click();
  const dormant = app.getByRole('form', { name: 'Dormant accounts' });
  await dormant.getByRole('button', { name: 'Run report' }).click();
  await expect(app.getByTestId('dormant-summary')).toContainText('1 dormant');
  await dormant.getByRole('button', { name: 'Disable these 1' }).click();
  await app.getByRole('dialog', { name: 'Disable these 1 dormant users?' }).getByRole('button', { name: 'Disable 1 user(s)' }).click();
  await expect(app.getByTestId('dormant-disabled')).toHaveText('Disabled 1 user(s).');

  // Every change is on record, and the key's secret is nowhere in the database.
  const events = await sql(url, 'SELECT action FROM console_events ORDER BY occurred_at');
  expect(events.rows.map((r) => r.action)).toEqual(
    expect.arrayContaining(['users.create', 'api_keys.create', 'api_keys.revoke', 'users.disable']),
  );
  const dump = await sql(
    url,
    `SELECT string_agg(t::text, ' ') AS all FROM (
       SELECT row_to_json(u)::text AS t FROM users u
       UNION ALL SELECT row_to_json(k)::text FROM api_keys k
       UNION ALL SELECT row_to_json(e)::text FROM console_events e) x`,
  );
  expect(dump.rows[0].all).not.toContain(secret);
});

test('a read-only connection makes users and keys view-only and says why', async ({ app, host }) => {
  govcon(['init', '--url', host.databaseUrl!, '--yes', '--json']);
  const admin = new URL(host.adminUrl);
  await app.getByRole('button', { name: 'New connection' }).click();
  const form = app.getByRole('form', { name: 'Connection profile' });
  await form.getByLabel('Name', { exact: true }).fill('Read only');
  await form.getByLabel('Host', { exact: true }).fill(admin.hostname);
  await form.getByLabel('Port', { exact: true }).fill(admin.port || '5432');
  await form.getByLabel('Database', { exact: true }).fill(host.database!);
  await form.getByLabel('User', { exact: true }).fill(decodeURIComponent(admin.username));
  if (admin.password) await form.getByLabel('Password', { exact: true }).fill(decodeURIComponent(admin.password));
  await form.getByLabel('Read-only (enforced by the server)').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await app.locator('tr[data-profile="Read only"]').getByRole('button', { name: 'Connect' }).click();
  await expect(app.getByRole('status', { name: 'Connection status' })).toContainText('Read only');
  await expect(app.getByRole('status', { name: 'Connection status' })).toContainText('read-only');
  await app.getByRole('button', { name: 'Users', exact: true }).click();
  await expect(app.getByTestId('read-only-banner')).toBeVisible();
  await expect(app.getByRole('button', { name: 'New user' })).toBeDisabled();
  await app.getByRole('button', { name: 'API Keys', exact: true }).click();
  await expect(app.getByRole('button', { name: 'New key' })).toBeDisabled();
  // Even a write sent straight through the bridge is refused by the server.
  const res = await app.evaluate(() => {
    const bridge = (globalThis as unknown as { governance: { channels: Record<string, (i: unknown) => Promise<unknown>> } }).governance;
    return bridge.channels['users/create']({ email: 'x@example.org', name: 'X', role: 'user' });
  });
  expect(res).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
});
