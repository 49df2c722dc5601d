import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { test as base, expect, type Page } from '@playwright/test';

export interface Host {
  url: string;
  token: string;
  database: string | null;
  databaseUrl: string | null;
  /** The server the host created its database on (tests create their own databases there). */
  adminUrl: string;
  /** Where a file dropped on the window is found (the stand-in for webUtils.getPathForFile). */
  filesDir: string;
}

/** The path the host's stand-in for the shell's "open file" dialog answers with, once (null: cancelled). */
export async function answerFileDialog(host: Host, path: string | null): Promise<void> {
  const res = await fetch(`${host.url}/__test/dialog`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-govcon-token': host.token },
    body: JSON.stringify({ path }),
  });
  if (res.status !== 204) throw new Error(`the test host refused the dialog answer (${res.status})`);
}

/** Starts test/host/server.ts (the real runtime behind loopback HTTP) and waits for its URL. */
export async function startHost(args: string[]): Promise<{ host: Host; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/host/server.ts', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: process.env,
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const host = await new Promise<Host>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`test host exited with ${code} before it was ready`)));
    lines.once('line', (line) => resolve(JSON.parse(line) as Host));
  });
  return { host, child };
}

export async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Opens the renderer from the host with the test bridge injected in place of the preload. */
export async function openApp(page: Page, host: Host): Promise<void> {
  const bridge = await fetch(`${host.url}/__test/bridge.js?token=${host.token}`).then((r) => r.text());
  await page.addInitScript({ content: bridge });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(host.url);
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
}

/** Each test gets its own host and its own fresh database: no test sees another's state. */
export const test = base.extend<{ app: Page; host: Host }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  host: async ({}, use) => {
    const { host, child } = await startHost(['--database', 'fresh']);
    await use(host);
    await stopHost(child);
  },
  app: async ({ page, host }, use) => {
    await openApp(page, host);
    await use(page);
  },
});

export { expect };
