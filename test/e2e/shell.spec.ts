import { test, expect } from './fixtures';

const PAGES = ['Connections', 'Database', 'Users', 'API Keys', 'Audit Log', 'Integrity', 'Dashboard', 'Executions', 'Metrics'];

test('every sidebar page opens and says what it is', async ({ app }) => {
  for (const label of PAGES) {
    await app.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: label, exact: true }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText(label);
    await expect(app.getByRole('button', { name: label, exact: true })).toHaveAttribute('aria-current', 'page');
  }
});

test('the status bar shows the active connection', async ({ app, host }) => {
  await expect(app.getByTestId('active-connection')).toContainText(`/${host.database}`);
});

test('a real channel reaches PostgreSQL: server version of the test database', async ({ app, host }) => {
  await app.getByRole('button', { name: 'Database', exact: true }).click();
  await expect(app.getByTestId('server-version')).toHaveText(/^\d+(\.\d+)?/);
  await expect(app.getByTestId('server-info')).toContainText(host.database!);
});

test('a bad payload sent straight through the bridge is refused with VALIDATION, shown in a toast', async ({ app }) => {
  const envelope = await app.evaluate(() => {
    // Bypass the typed client: this is what a compromised renderer could send.
    const bridge = (globalThis as unknown as { governance: { channels: Record<string, (input: unknown) => Promise<unknown>> } }).governance;
    return bridge.channels['jobs/start-health-probe']({ samples: 'lots', intervalMs: -1 });
  });
  expect(envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  const toast = app.getByRole('alert').filter({ hasText: 'VALIDATION' });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('samples');
});

test('a long job reports progress and can be cancelled from the page', async ({ app }) => {
  await app.getByRole('button', { name: 'Database', exact: true }).click();
  await app.getByRole('button', { name: 'Run health probe' }).click();
  const job = app.getByTestId('job-health-probe');
  await expect(job.getByTestId('job-progress')).toContainText('/ 50');
  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(job.getByTestId('job-status')).toContainText('cancelled');
});

test('the bridge refuses calls without the token and from another origin', async ({ host }) => {
  const noToken = await fetch(`${host.url}/rpc/app/info`, { method: 'POST', body: '{}' });
  expect(noToken.status).toBe(401);
  const foreign = await fetch(`${host.url}/rpc/app/info`, {
    method: 'POST',
    body: '{}',
    headers: { 'x-govcon-token': host.token, origin: 'http://evil.example', 'content-type': 'application/json' },
  });
  expect(await foreign.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
});

test("Ctrl with a page's number opens it, as the sidebar shows", async ({ app }) => {
  const sidebar = app.getByRole('navigation', { name: 'Sections' });
  await expect(sidebar.getByRole('button', { name: 'Users', exact: true })).toHaveAttribute('aria-keyshortcuts', 'Control+3');
  await app.keyboard.press('Control+3');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Users');
  await app.keyboard.press('Control+6');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Integrity');
  await expect(sidebar.getByRole('button', { name: 'Integrity', exact: true })).toHaveAttribute('aria-current', 'page');
});
