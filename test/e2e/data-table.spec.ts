import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { govcon, sql } from './db-helpers';

const CREATED = 130;

/** 130 users made by one statement: one created_at for all, so only the id tells their order apart. */
async function seedUsers(url: string): Promise<string[]> {
  govcon(['init', '--url', url, '--yes', '--json']);
  await sql(
    url,
    `INSERT INTO users (email, name, role)
     SELECT format('pager%s@example.org', lpad(g::text, 3, '0')), format('Pager %s', g), 'developer' FROM generate_series(1, $1::int) g`,
    [CREATED],
  );
  const { rows } = await sql(url, 'SELECT email FROM users');
  return rows.map((r) => r.email as string);
}

async function openUsers(app: Page): Promise<{ table: Locator; rows: Locator; status: Locator }> {
  await app.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Users', exact: true }).click();
  const table = app.getByRole('grid', { name: 'Users' });
  const region = app.locator('[data-table="Users"]');
  return { table, rows: table.locator('tr[data-user]'), status: region.getByTestId('table-status') };
}

/** Scrolls the end of the table into view until the table says every row is shown (infinite scroll). */
async function scrollToEnd(status: Locator): Promise<void> {
  await expect(async () => {
    await status.scrollIntoViewIfNeeded();
    await expect(status).toHaveText(/^All /, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

async function emailsShown(rows: Locator): Promise<string[]> {
  return rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-user') ?? ''));
}

test('the users list pages by cursor to the end, through "load more" and scrolling: every user exactly once', async ({ app, host }) => {
  const all = await seedUsers(host.databaseUrl!);
  expect(all).toHaveLength(CREATED + 1); // and the seeded admin
  const { table, rows, status } = await openUsers(app);
  const more = app.locator('[data-table="Users"]').getByRole('button', { name: 'Load more' });

  // One page of 50 at first; "load more" adds exactly the next one (dispatched: no scrolling).
  await expect(rows).toHaveCount(50);
  await expect(status).toHaveText(`50 of ${all.length} shown`);
  await more.dispatchEvent('click');
  await expect(rows).toHaveCount(100);
  await expect(status).toHaveText(`100 of ${all.length} shown`);

  // Scrolling to the end loads the rest; then there is nothing more to load.
  await scrollToEnd(status);
  await expect(status).toHaveText(`All ${all.length} shown`);
  await expect(more).toHaveCount(0);
  const newestFirst = await emailsShown(rows);
  expect(newestFirst).toHaveLength(all.length);
  expect(new Set(newestFirst).size).toBe(all.length);
  expect([...newestFirst].sort()).toEqual([...all].sort());

  // Sorting by email starts again from the first page, in that order on the server.
  await table.getByRole('button', { name: 'Email' }).click();
  await expect(table.getByRole('columnheader', { name: 'Email' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows).toHaveCount(50);
  await scrollToEnd(status);
  const byEmail = await emailsShown(rows);
  expect(byEmail).toEqual([...all].sort());
});

test('the users list by keyboard: arrows move, Space selects, Enter opens the drawer, Escape closes it', async ({ app, host }) => {
  await seedUsers(host.databaseUrl!);
  const { table, rows } = await openUsers(app);
  await expect(rows).toHaveCount(50);

  // One row is in the tab order; clicking a plain cell focuses its row.
  await rows.nth(0).getByRole('gridcell').nth(2).click();
  await expect(rows.nth(0)).toBeFocused();
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowUp');
  const second = rows.nth(1);
  await expect(second).toBeFocused();
  const email = (await second.getAttribute('data-user'))!;

  await app.keyboard.press('Space');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(second.getByRole('checkbox')).toBeChecked();
  await expect(app.getByTestId('bulk-bar')).toContainText('1 selected');

  await app.keyboard.press('Enter');
  const drawer = app.getByRole('complementary', { name: 'User detail' });
  await expect(drawer.getByRole('heading', { name: email })).toBeVisible();
  await expect(second).toHaveClass(/active/);

  await app.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  // The focus goes back to the row that opened it, and the selection stays.
  await expect(second).toBeFocused();
  await expect(table.getByRole('checkbox', { name: `Select ${email}` })).toBeChecked();
});
