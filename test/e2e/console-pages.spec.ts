import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { answerFileDialog, test, expect } from './fixtures';
import { sql, uniqueName, withDatabase } from './db-helpers';
import { demoDatabase } from './demo-db';

/**
 * The pages of the daily console — executions, metrics, dashboard — and the fixes to the pages
 * that were there, walked against demo data made in each test by the demo generator (small
 * databases, not the shared 400,000-row fixture, which does not exist yet on this branch).
 */
/** Hidden or shown again, as when the window is minimised (Playwright has no switch for it). */
const setVisibility = (app: Page, state: 'hidden' | 'visible') =>
  app.evaluate(`(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' });
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);

const open = (app: Page, label: string) =>
  app.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: label, exact: true }).click();

test('executions: filter, a running one updates live (not while hidden), its audit entry and back', async ({ app, host }) => {
  const url = host.databaseUrl!;
  await demoDatabase(url, 800);
  const trace = '0c0ffee0-1234-4abc-8def-0123456789ab';
  const { rows } = await sql(
    url,
    `INSERT INTO workflow_executions (trace_id, workflow_name, status, started_at, parameters)
     VALUES ($1, 'live-workflow', 'running', (now() AT TIME ZONE 'UTC') - interval '5 minutes', '{"target": "staging"}') RETURNING id::text`,
    [trace],
  );
  const id = rows[0].id as string;
  const counted = async (where: string) => Number((await sql(url, `SELECT count(*) AS n FROM workflow_executions ${where}`)).rows[0].n);

  await open(app, 'Executions');
  await expect(app.getByTestId('execution-count')).toContainText(`${(await counted('')).toLocaleString('en')} execution(s)`);
  const filters = app.getByRole('search', { name: 'Filter executions' });
  await filters.getByLabel('Workflow').selectOption('deploy-to-staging');
  await expect(app.getByTestId('execution-count')).toContainText(
    `${await counted("WHERE workflow_name = 'deploy-to-staging'")} execution(s) match`,
  );
  await filters.getByLabel('Status').selectOption('failed');
  const failed = await counted("WHERE workflow_name = 'deploy-to-staging' AND status = 'failed'");
  await expect(app.getByTestId('execution-count')).toContainText(`${failed} execution(s) match`);
  await expect(app.locator('tr[data-status="failed"]')).toHaveCount(Math.min(failed, 50));

  // The running one: shown live, polled with back-off, and not at all while the window is hidden.
  await filters.getByLabel('Status').selectOption('');
  await filters.getByLabel('Workflow').selectOption('live-workflow');
  const row = app.locator(`tr[data-execution="${id}"]`);
  await expect(row.getByTestId('execution-status')).toContainText(/running · \d+ min/);
  await expect(app.getByTestId('live-status')).toContainText('1 running — updating live');
  await setVisibility(app, 'hidden');
  await expect(app.getByTestId('live-status')).toContainText('paused while the window is hidden');
  await sql(
    url,
    `UPDATE workflow_executions SET status = 'completed', completed_at = started_at + interval '301 seconds', duration_seconds = 301
      WHERE id = $1`,
    [id],
  );
  await app.waitForTimeout(2500); // longer than the shortest poll interval: no poll came while hidden
  await expect(row).toHaveAttribute('data-status', 'running');
  await setVisibility(app, 'visible');
  await expect(row).toHaveAttribute('data-status', 'completed');
  await expect(row).toContainText('5 min 1 s');
  await expect(app.getByTestId('live-status')).toHaveText('');

  // Its detail, then its audit entry (the Audit Log with the trace filter), and back to the list as it was.
  await row.focus();
  await app.keyboard.press('Enter');
  const drawer = app.getByRole('complementary', { name: 'Execution detail' });
  await expect(drawer).toContainText('"target": "staging"');
  await drawer.getByRole('button', { name: 'Open the audit entry' }).click();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Audit Log');
  await expect(app.locator('main')).toHaveAttribute('data-filter', `trace:${trace}`);
  await app.getByRole('button', { name: '← Back to Executions' }).click();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Executions');
  await expect(filters.getByLabel('Workflow')).toHaveValue('live-workflow');
  await expect(app.locator(`tr[data-execution="${id}"]`)).toHaveAttribute('data-status', 'completed');

  // The row's own link goes there too.
  await app
    .locator(`tr[data-execution="${id}"]`)
    .getByRole('button', { name: `Audit entry of trace ${trace}` })
    .click();
  await expect(app.locator('main')).toHaveAttribute('data-filter', `trace:${trace}`);
});

test('metrics: chosen names over a range, grouped by DRAG mode, aggregated by PostgreSQL in weekly buckets', async ({ app, host }) => {
  const url = host.databaseUrl!;
  await demoDatabase(url, 1000);
  const span = (await sql(url, `SELECT min("timestamp") AS first, max("timestamp") AS last FROM governance_metrics`)).rows[0];
  const from = new Date(new Date(span.first as Date).getTime() - 86_400_000).toISOString().slice(0, 16);
  const to = new Date(new Date(span.last as Date).getTime() + 86_400_000).toISOString().slice(0, 16);

  await open(app, 'Metrics');
  const controls = app.getByRole('form', { name: 'Metrics to chart' });
  await controls.getByLabel('workflow_duration_seconds').check();
  await controls.getByLabel('policy_rejections_total').uncheck();
  await controls.getByLabel('workflow_requests_total').uncheck();
  await controls.getByLabel('From (UTC)').fill(from);
  await controls.getByLabel('To (UTC)').fill(to);
  await controls.getByLabel('Group by').selectOption('drag_mode');
  await controls.getByLabel('Each point').selectOption('count');
  await controls.getByLabel('Bucket').selectOption('week');
  const card = app.getByRole('article', { name: 'Chart: workflow_duration_seconds' });
  const samples = Number(
    (await sql(url, "SELECT count(*) AS n FROM governance_metrics WHERE metric_name = 'workflow_duration_seconds'")).rows[0].n,
  );
  await expect(card.getByTestId('metric-summary')).toContainText(
    `count of workflow_duration_seconds per week, by DRAG mode — ${samples.toLocaleString('en')} sample(s)`,
  );
  await expect(app.getByRole('article')).toHaveCount(1);
  await expect(card.locator('svg .recharts-legend-item-text, .recharts-legend-item-text').first()).toBeVisible();

  // The numbers under the chart are PostgreSQL's buckets: one week's count of draft rows, checked against SQL.
  await card.getByText('The numbers').click();
  const table = card.getByRole('table');
  const firstRow = table.locator('tbody tr').first();
  const week = (await firstRow.locator('td').first().textContent())!;
  const header = await table.locator('thead th').allTextContents();
  const draft = await firstRow.locator('td').nth(header.indexOf('draft')).textContent();
  const expected = await sql(
    url,
    `SELECT count(*) AS n FROM governance_metrics WHERE metric_name = 'workflow_duration_seconds' AND drag_mode = 'draft'
        AND date_trunc('week', "timestamp") = $1::timestamp AND "timestamp" >= $2::timestamp`,
    [week, from.replace('T', ' ')],
  );
  expect(draft === '—' ? 0 : Number(draft)).toBe(Number(expected.rows[0].n));
});

test('dashboard: the views with when they were read, and whether what they summarise is verified', async ({ app, host }) => {
  const url = host.databaseUrl!;
  await demoDatabase(url, 1000);
  await open(app, 'Dashboard');
  const coverage = app.getByTestId('coverage');
  await expect(coverage).toHaveCount(5);
  for (const note of await coverage.all()) await expect(note).toHaveAttribute('data-state', 'unverified');
  await expect(app.getByTestId('read-at')).toHaveCount(5);
  for (const read of await app.getByTestId('read-at').all())
    await expect(read).toContainText(/^Read \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  const workflows = Number((await sql(url, 'SELECT count(*) AS n FROM v_workflow_success_rate')).rows[0].n);
  await expect(app.getByRole('table', { name: 'Success rate per workflow' }).locator('tbody tr')).toHaveCount(workflows);
  await expect(app.getByTestId('seals')).toContainText('Not sealed yet');

  // Verify on the Integrity page; the panel then says when, how, with what result.
  await app.getByRole('button', { name: 'Verify the database now' }).click();
  await app.getByRole('button', { name: 'Verify database' }).click();
  await expect(app.getByTestId('job-verify-db').getByTestId('job-status')).toHaveText('clean');
  await open(app, 'Dashboard');
  await expect(app.getByTestId('last-result')).toContainText('PASS — 1,000 ok, 0 tampered, 0 unverifiable');
  await expect(app.getByTestId('rows-since')).toHaveText('0');
  for (const note of await coverage.all()) await expect(note).toHaveAttribute('data-state', 'verified');

  // The service writes another row: every card says part of what it summarises is not verified.
  await sql(
    url,
    `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
     VALUES (uuid_generate_v4(), 'Late Writer', 'draft', 'cost-report', 'success', repeat('0', 64))`,
  );
  await app.getByRole('button', { name: 'Refresh all' }).click();
  await expect(app.getByTestId('rows-since')).toHaveText('1');
  for (const note of await coverage.all()) await expect(note).toHaveAttribute('data-state', 'partly');
  await expect(coverage.first()).toContainText('1,000 of 1,001 audit rows were verified by db-v1');
  const events = await sql(url, "SELECT after->>'result' AS result FROM console_events WHERE action = 'integrity.verify-db'");
  expect(events.rows).toEqual([{ result: 'pass' }]);
});

test('the tour: bulk and dormant actions confirm with a count, the report exports as CSV, Rotate says why not, file dialog and drop, messages beside the page, palette and theme', async ({
  app,
  host,
}) => {
  const url = host.databaseUrl!;
  await demoDatabase(url, 200);

  // Disabling two users asks first, with the count; Cancel changes nothing.
  await open(app, 'Users');
  const emails = ['demo.user2@example.org', 'demo.user3@example.org'];
  for (const email of emails) await app.locator(`tr[data-user="${email}"]`).getByRole('checkbox').check();
  await app.getByTestId('bulk-bar').getByRole('button', { name: 'Disable' }).click();
  const ask = app.getByRole('dialog', { name: 'Disable 2 users?' });
  await expect(ask).toContainText('their usable API keys are suspended');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  const active = () => sql(url, 'SELECT count(*)::int AS n FROM users WHERE email = ANY($1) AND is_active', [emails]);
  expect((await active()).rows[0].n).toBe(2);
  await app.getByTestId('bulk-bar').getByRole('button', { name: 'Disable' }).click();
  await ask.getByRole('button', { name: 'Disable 2 users' }).click();
  await expect(app.locator(`tr[data-user="${emails[0]}"]`)).toContainText('disabled');
  expect((await active()).rows[0].n).toBe(0);

  // The dormant report exports whole, as CSV.
  await app.getByRole('tab', { name: 'Dormant accounts' }).click();
  await app.getByRole('button', { name: 'Run report' }).click();
  const summary = (await app.getByTestId('dormant-summary').textContent())!;
  const dormant = Number(/^(\d+) dormant/.exec(summary)![1]);
  const download = app.waitForEvent('download');
  await app.getByRole('button', { name: `Export all ${dormant} as CSV` }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8').split('\r\n');
  expect(csv[0]).toBe('email,name,role,last_seen_at,last_login_at,last_key_used_at,keys,created_at,id');
  expect(csv.length).toBe(dormant + 2); // the header, the rows, and the end of the last line

  // A key of a disabled user cannot be rotated, and the row says why.
  await sql(url, `INSERT INTO api_keys (user_id, key_hash, name) SELECT id, repeat('a', 64), 'old-deployer' FROM users WHERE email = $1`, [
    emails[0],
  ]);
  await open(app, 'API Keys');
  const key = app.locator('tr[data-key="old-deployer"]');
  await expect(key.getByRole('button', { name: 'Rotate' })).toBeDisabled();
  await expect(key.getByTestId('rotate-reason')).toHaveText('The user is disabled: enable them to rotate.');
  await expect(app.getByLabel('Search keys')).toHaveAttribute('placeholder', 'Search name, prefix or email');
  expect(
    await app.getByLabel('Search keys').evaluate((e) => {
      const box = e as unknown as { scrollWidth: number; clientWidth: number };
      return box.scrollWidth <= box.clientWidth;
    }),
  ).toBe(true);

  // Files: chosen in the shell's dialog (the host stands in for it), or dropped on the window.
  const fixture = path.resolve('test/fixtures/vectors/audit-v1.jsonl');
  await open(app, 'Integrity');
  await answerFileDialog(host, fixture);
  await app.getByRole('form', { name: 'Verify a file' }).getByRole('button', { name: 'Choose file…' }).click();
  await expect(app.getByLabel('File path')).toHaveValue(fixture);
  await app.getByRole('button', { name: 'Verify file' }).click();
  await expect(app.getByTestId('job-verify-file').getByTestId('job-status')).toHaveText('findings: 14');
  fs.copyFileSync(fixture, path.join(host.filesDir, 'dropped-audit.jsonl'));
  // A drag from the desktop brings a File; the bridge resolves its path (webUtils.getPathForFile in Electron).
  const dropped = await app.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['{}'], 'dropped-audit.jsonl'));
    return transfer;
  })()`);
  await app.locator('[data-file-picker="File to import"]').dispatchEvent('drop', { dataTransfer: dropped });
  await expect(app.getByLabel('File to import')).toHaveValue(path.join(host.filesDir, 'dropped-audit.jsonl'));

  // At 900×600 an error sits in its band under the page, covering nothing, until dismissed.
  await app.setViewportSize({ width: 900, height: 600 });
  await open(app, 'Executions');
  await app.evaluate(() => {
    const { channels } = (globalThis as unknown as { governance: { channels: Record<string, (i: unknown) => Promise<unknown>> } })
      .governance;
    return channels['executions/list']({ status: 'exploded' });
  });
  const toast = app.getByRole('alert').filter({ hasText: 'VALIDATION' });
  await expect(toast).toBeVisible();
  const [main, band] = [await app.locator('main').boundingBox(), await toast.boundingBox()];
  expect(band!.y).toBeGreaterThanOrEqual(main!.y + main!.height);
  await expect(app.getByRole('search', { name: 'Filter executions' })).toBeVisible();
  await toast.getByRole('button', { name: /^Dismiss/ }).click();
  await expect(toast).toHaveCount(0);

  // The command palette opens pages and runs actions; the theme follows the system until switched.
  await app.keyboard.press('Control+k');
  const palette = app.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('combobox', { name: 'Command' }).fill('go metrics');
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Metrics');
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
  await app.keyboard.press('Control+k');
  await palette.getByRole('combobox', { name: 'Command' }).fill('theme dark');
  await app.keyboard.press('Enter');
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(app.getByLabel('Theme')).toHaveValue('dark');
  await app.getByLabel('Theme').selectOption('system');
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
  await app.keyboard.press('Control+8');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Executions');
});

test('on a read-only connection, Initialise is greyed out and says why; without the schema, the dashboard says what to do', async ({
  app,
  host,
}) => {
  const database = uniqueName('gce_readonly');
  await sql(host.adminUrl, `CREATE DATABASE ${database}`);
  try {
    const admin = new URL(withDatabase(host.adminUrl, database));
    await app.getByRole('button', { name: 'New connection' }).click();
    const form = app.getByRole('form', { name: 'Connection profile' });
    await form.getByLabel('Name', { exact: true }).fill('Read only');
    await form.getByLabel('Host', { exact: true }).fill(admin.hostname);
    await form.getByLabel('Port', { exact: true }).fill(admin.port || '5432');
    await form.getByLabel('Database', { exact: true }).fill(database);
    await form.getByLabel('User', { exact: true }).fill(decodeURIComponent(admin.username));
    if (admin.password) await form.getByLabel('Password', { exact: true }).fill(decodeURIComponent(admin.password));
    await form.getByLabel('Read-only (enforced by the server)').check();
    await form.getByRole('button', { name: 'Save' }).click();
    await app.locator('tr[data-profile="Read only"]').getByRole('button', { name: 'Connect' }).click();
    await expect(app.getByRole('status', { name: 'Connection status' })).toContainText('read-only');
    await open(app, 'Database');
    await expect(app.getByRole('button', { name: 'Initialise' })).toBeDisabled();
    await expect(app.getByTestId('schema-read-only')).toContainText('Greyed out because this connection is read-only');
    await expect(app.getByRole('button', { name: 'Initialise' })).toHaveAccessibleDescription(/read-only/);

    // Without the schema the dashboard says its cards could not be read, in one message saying what to do.
    await open(app, 'Dashboard');
    await expect(app.getByTestId('read-at').first()).toContainText('Could not be read');
    const schema = app.getByRole('alert').filter({ hasText: 'SCHEMA_MISMATCH' });
    await expect(schema).toHaveCount(1);
    await expect(schema.getByTestId('toast-next')).toContainText('Initialise or migrate the database on the Database page.');
    await schema.getByRole('button', { name: 'Open Database' }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Database');
  } finally {
    await app.close();
    await sql(host.adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
});
