import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/** The Electron binary, or why it is not there (npm install skipped its download). */
function electronBinary(): { path: string } | { reason: string } {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown as string;
    if (typeof binary === 'string' && fs.existsSync(binary)) return { path: binary };
    return { reason: `the Electron binary is missing at ${binary}` };
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      reason: `the Electron binary was not downloaded (${why}); this machine installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1`,
    };
  }
}

const found = electronBinary();

test('the desktop app opens its window with the console title', async () => {
  test.skip('reason' in found, `Electron launch test skipped: ${'reason' in found ? found.reason : ''}`);
  if (!('path' in found)) return;
  const main = path.resolve('out/main/index.js');
  expect(fs.existsSync(main), 'run "npx electron-vite build" first').toBe(true);
  const app = await electron.launch({
    executablePath: found.path,
    args: process.getuid?.() === 0 ? ['--no-sandbox', main] : [main],
    env: { ...process.env, DATABASE_URL: '' },
  });
  try {
    const window = await app.firstWindow();
    await expect(window).toHaveTitle('Governance Console');
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0].webContents;
      return wc.getLastWebPreferences();
    });
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    // The renderer has the bridge and nothing of Node.
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (window as unknown as { governance?: unknown }).governance)).toBe('object');
  } finally {
    await app.close();
  }
});
