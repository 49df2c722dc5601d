import fs from 'node:fs';
import type { Page } from '@playwright/test';
import type { Bridge, ChannelInput } from '../../src-main/shared/contract';
import type { AuditPage, AuditRowDto } from '../../src-main/shared/model/audit-log';
import { parseFilter, printFilter } from '../../src-main/shared/model/audit-filter';
import { auditPageLoader } from '../../src-renderer/src/features/audit-log/auditClient';
import { PageWindow } from '../../src-renderer/src/ui/table/pageWindow';
import { sql } from './db-helpers';
import { expect, test, SHARED_DEMO_ROWS } from './support/demo-fixture';

/** About half the shared demo: two of the four DRAG modes. */
const HALF = 'mode:draft,research';
const HALF_SQL = "drag_mode IN ('draft', 'research')";

async function openAuditLog(app: Page) {
  await app.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audit Log', exact: true }).click();
  const grid = app.getByRole('grid', { name: 'Audit log' });
  await expect(grid.locator('tr[data-audit-id]').first()).toBeVisible();
  return { grid, rows: grid.locator('tr[data-audit-id]'), box: app.locator('[data-table="Audit log"]') };
}

async function applyFilter(app: Page, filter: string) {
  const input = app.getByRole('textbox', { name: 'Filter string' });
  await input.fill(filter);
  await input.press('Enter');
  await expect(app.getByTestId('audit-debug')).toContainText(`filter: ${printFilter(parseFilter(filter))}`);
}

/** Long tasks (> 50 ms) seen by the page from now on, recorded by a PerformanceObserver. */
async function recordLongTasks(app: Page): Promise<() => Promise<number[]>> {
  await app.evaluate(() => {
    const w = globalThis as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({
      type: 'longtask',
    } as never);
  });
  return () => app.evaluate(() => (globalThis as unknown as { __longTasks: number[] }).__longTasks);
}

function note(name: string, text: string) {
  test.info().annotations.push({ type: name, description: text });
  console.log(`${name}: ${text}`);
}

function screenshot(app: Page, name: string) {
  fs.mkdirSync('test-results/screenshots', { recursive: true });
  return app.screenshot({ path: `test-results/screenshots/${name}.png` });
}

test('the audit log at 400,000 rows: filter, open an entry, save and reapply a view, export', async ({ demoApp: app, sharedDemoUrl }) => {
  const { rows } = await openAuditLog(app);
  await expect(app.getByTestId('audit-count')).toContainText(/~?400,000 entries/);
  await expect(rows.first().locator('.audit-status')).toHaveText('verified');
  await screenshot(app, 'audit-log');

  // Filtering: the string and the controls are one filter; a bad string says why and is not applied.
  await app.getByRole('textbox', { name: 'Filter string' }).fill('mode:flying');
  await expect(app.getByTestId('filter-message')).toContainText('mode: is one of draft, research, grunt, execute');
  await expect(app.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await applyFilter(app, 'outcome:rejected workflow:cost-report');
  await app.getByRole('combobox', { name: 'Mode' }).selectOption('execute');
  await expect(app.getByTestId('audit-debug')).toContainText('filter: mode:execute workflow:cost-report outcome:rejected');
  const [{ n }] = (
    await sql(
      sharedDemoUrl,
      "SELECT count(*)::int AS n FROM audit_logs WHERE outcome = 'rejected' AND workflow_name = 'cost-report' AND drag_mode = 'execute'",
    )
  ).rows as [{ n: number }];
  await app.getByRole('button', { name: 'Count exactly' }).click();
  await expect(app.getByTestId('audit-count')).toContainText(`${n.toLocaleString('en')} entries`);
  for (const r of await rows.all()) await expect(r).toContainText('rejected');

  // The drawer: the whole declaration, parameters as JSON, the integrity checked now.
  await rows.first().click();
  await rows.first().press('Enter');
  const drawer = app.getByRole('complementary', { name: 'Audit entry' });
  await expect(drawer.getByTestId('audit-integrity')).toContainText('db-v1, checked nowok');
  await expect(drawer.getByTestId('audit-parameters')).toContainText('"ticket": "GOV-');
  await expect(drawer).toContainText('Success criteria');
  await screenshot(app, 'audit-log-drawer');
  await app.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);

  // A saved view comes back with its filter and order after clearing both.
  await app.getByRole('textbox', { name: 'Save as' }).fill('Rejected cost reports');
  await app.getByRole('button', { name: 'Save view' }).click();
  await app.getByRole('button', { name: 'Clear' }).click();
  await expect(app.getByTestId('audit-debug')).toContainText('filter: (none)');
  await app.getByRole('combobox', { name: 'Saved view' }).selectOption({ label: 'Rejected cost reports' });
  await expect(app.getByTestId('audit-debug')).toContainText('filter: mode:execute workflow:cost-report outcome:rejected');

  // Export: main writes the file; the page only sees the manifest's figures.
  const out = test.info().outputPath('rejected.jsonl');
  await app.getByText('Export these entries').click();
  await app.getByRole('combobox', { name: 'Format' }).selectOption('jsonl');
  await app.getByRole('textbox', { name: 'Save to (full path of a new file)' }).fill(out);
  await app.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(app.getByTestId('export-result')).toContainText(`${n.toLocaleString('en')} entries`);
  expect(fs.readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(n);
  expect(JSON.parse(fs.readFileSync(`${out}.manifest.json`, 'utf8'))).toMatchObject({
    rows: n,
    filter: 'mode:execute workflow:cost-report outcome:rejected',
  });
});

test("scrolls to the end of a 200,000-row filtered result; the last row is the database's last", async ({
  demoApp: app,
  sharedDemoUrl,
}) => {
  const { rows, box } = await openAuditLog(app);
  const longTasks = await recordLongTasks(app);
  await applyFilter(app, HALF);
  const [{ n }] = (await sql(sharedDemoUrl, `SELECT count(*)::int AS n FROM audit_logs WHERE ${HALF_SQL}`)).rows as [{ n: number }];
  expect(n).toBeGreaterThan(190_000);

  // Scrolling down by wheel loads page after page (the window drops the rows far above).
  await box.hover();
  for (let i = 0; i < 60; i++) await app.mouse.wheel(0, 2400);
  await expect(rows.first()).toBeVisible();
  // Ctrl+End: to the last row of the whole result, read from that end.
  await rows.first().focus();
  await app.keyboard.press('Control+End');
  const [last] = (await sql(sharedDemoUrl, `SELECT id FROM audit_logs WHERE ${HALF_SQL} ORDER BY created_at, id LIMIT 1`)).rows as [
    { id: string },
  ];
  await expect(rows.last()).toHaveAttribute('data-audit-id', last.id);
  await expect(rows.last()).toBeInViewport();
  // And back up from there: earlier pages come in above without losing the place.
  for (let i = 0; i < 20; i++) await app.mouse.wheel(0, -2400);
  await expect(rows.first()).toBeVisible();

  const tasks = await longTasks();
  note(
    'long tasks while filtering and scrolling 400,000 rows',
    tasks.length ? `${tasks.length}, worst ${Math.max(...tasks).toFixed(0)} ms` : 'none over 50 ms',
  );
});

test('the keyboard stays in the table when the focused row scrolls out of the drawn rows', async ({ demoApp: app, sharedDemoUrl }) => {
  const { grid, rows, box } = await openAuditLog(app);
  await rows.first().focus();
  // The wheel takes the view far below the focused row: the windowed table stops drawing it
  // (and the page window may drop its page); the focus must not fall out of the table with it.
  await box.hover();
  for (let i = 0; i < 10; i++) await app.mouse.wheel(0, 2400);
  await expect(grid.locator('tr[data-audit-id]').first()).not.toHaveAttribute('data-index', '0');
  // (On a row that was in view when the focused one went; it may be in the overscan above by now.)
  await expect(grid.locator('tr[data-audit-id]:focus')).toHaveCount(1);

  // So Ctrl+End still goes to the last row of the whole trail.
  await app.keyboard.press('Control+End');
  const [oldest] = (await sql(sharedDemoUrl, 'SELECT id FROM audit_logs ORDER BY created_at, id LIMIT 1')).rows as [{ id: string }];
  await expect(rows.last()).toHaveAttribute('data-audit-id', oldest.id);
  // And the focus is on it, as Ctrl+End in a grid puts it.
  await expect(rows.last()).toBeFocused();
  await expect(rows.last()).toBeInViewport();
  // The footer does not claim the 200 rows held are all there are: earlier ones are above.
  await expect(box.getByTestId('table-status')).toHaveText('End of the list: 200 held here, earlier ones load as you scroll up');
  await screenshot(app, 'audit-log-keyboard-after-scroll');

  // A focus moved out of the table stays where the user put it while the table scrolls.
  const filter = app.getByRole('textbox', { name: 'Filter string' });
  await filter.focus();
  await box.hover();
  for (let i = 0; i < 10; i++) await app.mouse.wheel(0, -2400);
  await expect(grid.locator('tr[data-audit-id]').last()).not.toHaveAttribute('data-audit-id', oldest.id);
  await expect(filter).toBeFocused();
});

test('pages backwards from the end to the start, 1,000 rows a page, through the data client: every row once', async ({
  demoApp: app,
  sharedDemoUrl,
}) => {
  await openAuditLog(app);
  const pages: AuditPage[] = [];
  // The renderer's own data client and window, with the channel call made through the page's bridge.
  const loader = auditPageLoader(
    async (input: ChannelInput<'audit/list'>) => {
      const started = Date.now();
      // The whole page travels bridge → renderer as in the app; back to the test come only the ids
      // and times the window needs, as one string (Playwright serialises large objects slowly).
      const { packed, ...rest } = await app.evaluate(async (i) => {
        const envelope = await (globalThis as unknown as { governance: Bridge }).governance.channels['audit/list'](i);
        if (!envelope.ok) throw new Error(envelope.error.message);
        const { rows, ...meta } = envelope.value;
        return { ...meta, packed: rows.map((r) => `${r.id} ${r.createdAt}`).join('\n') };
      }, input);
      const rows = packed ? packed.split('\n').map((l) => ({ id: l.slice(0, 36), createdAt: l.slice(37) }) as AuditRowDto) : [];
      const page: AuditPage = { ...rest, rows };
      pages.push(page);
      if (process.env.AUDIT_E2E_TRACE) console.log(`page ${pages.length}: ${Date.now() - started} ms (query ${page.queryMs} ms)`);
      return page;
    },
    { filter: HALF, order: 'newest', pageSize: 1000 },
  );
  const win = new PageWindow<AuditRowDto, AuditPage>(loader, 5000);
  await win.start({ edge: 'end' });
  while (await win.backward()) {
    expect(win.rows.length).toBeLessThanOrEqual(6000);
  }
  expect(win.hasBefore).toBe(false);
  const ids = pages.flatMap((p) => [...p.rows].reverse().map((r) => r.id));
  const expected = (await sql(sharedDemoUrl, `SELECT id FROM audit_logs WHERE ${HALF_SQL} ORDER BY created_at, id`)).rows.map(
    (r) => r.id as string,
  );
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual(expected);
  expect(pages.every((p) => p.rows.length <= 1000)).toBe(true);
  const ms = pages.map((p) => p.queryMs).sort((a, b) => a - b);
  note(
    'page queries, 1,000 rows, backwards through a 200,000-row filter',
    `${pages.length} pages, p50 ${ms[Math.floor(ms.length / 2)]} ms, max ${ms.at(-1)} ms`,
  );
  expect(SHARED_DEMO_ROWS).toBe(400_000);
});
