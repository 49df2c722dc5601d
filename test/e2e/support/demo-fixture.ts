/**
 * Tests on the shared 400,000-row demo database (shared-demo.ts): `demoApp` is the renderer of a
 * test host connected to it. The database is made once per run and never changed by a test.
 */
import type { Page } from '@playwright/test';
import { findAdminServer } from '../../support/admin-url';
import { test as base, openApp, startHost, stopHost, type Host } from '../fixtures';
import { sharedDemoDatabase } from './shared-demo';

export const test = base.extend<{ demoHost: Host; demoApp: Page }, { sharedDemoUrl: string }>({
  sharedDemoUrl: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const admin = await findAdminServer();
      try {
        await use(await sharedDemoDatabase(admin.url));
      } finally {
        await admin.stop();
      }
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  demoHost: async ({ sharedDemoUrl }, use) => {
    const { host, child } = await startHost(['--database', 'none', '--database-url', sharedDemoUrl]);
    await use(host);
    await stopHost(child);
  },
  demoApp: async ({ page, demoHost }, use) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page, demoHost);
    await use(page);
  },
});

export { expect } from '../fixtures';
export { SHARED_DEMO_NOW, SHARED_DEMO_ROWS } from './shared-demo';
