import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  DOCUMENTATION_HOSTS,
  devServerUrl,
  externalUrlAllowed,
  isAppPage,
  navigationAllowed,
  permissionAllowed,
  RENDERER_CSP,
  resolveAppRequest,
  shellOptions,
  type ShellFacts,
} from '../../../../src-main/platform/shell/options';

/**
 * The shell's options, checked here because Electron cannot run on the test machines: the
 * shell (src-main/index.ts) applies exactly these. Each test names the item of Electron's
 * security checklist it covers (docs/security.md).
 */

const mainDir = '/opt/govcon/resources/app.asar/out/main';
const packaged: ShellFacts = { packaged: true, electronViteDev: false, rendererUrlFromEnv: undefined, mainDir };
const indexSource = fs.readFileSync('src-main/index.ts', 'utf8');

describe('the window (checklist 2–4, 6, 7: no Node, isolation, sandbox, webSecurity, no insecure content)', () => {
  it('gets sandboxed, isolated web preferences without Node, with the preload from out/preload', () => {
    const o = shellOptions(packaged);
    expect(o.window.webPreferences).toEqual({
      preload: path.join(mainDir, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: false,
    });
  });

  it('has DevTools off in a packaged build, on in a checkout', () => {
    expect(shellOptions(packaged).devTools).toBe(false);
    expect(shellOptions({ ...packaged, packaged: false }).window.webPreferences.devTools).toBe(true);
  });

  it('is applied by the shell as built: index.ts builds no window options of its own and loads no file:// page', () => {
    expect(indexSource).toContain('new BrowserWindow(options.window)');
    expect(indexSource).toContain('mainWindow.loadURL(options.rendererUrl)');
    expect(indexSource).not.toMatch(/loadFile|file:\/\/|webPreferences|nodeIntegration/);
    // Only these two files import electron.
    const importers = [...filesUnder('src-main')].filter((f) => /from 'electron'/.test(fs.readFileSync(f, 'utf8')));
    expect(importers.sort()).toEqual(['src-main/index.ts', 'src-main/preload.ts']);
  });
});

function* filesUnder(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) yield* filesUnder(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

describe('the page (checklist 18: a custom protocol instead of file://; 13: ELECTRON_RENDERER_URL)', () => {
  it('serves the renderer from app://renderer/index.html, a standard secure scheme that does not bypass the CSP', () => {
    expect(shellOptions(packaged).rendererUrl).toBe('app://renderer/index.html');
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      scheme: 'app',
      privileges: { standard: true, secure: true, bypassCSP: false, allowServiceWorkers: false, corsEnabled: false },
    });
  });

  it('honours ELECTRON_RENDERER_URL only in a bundle built by electron-vite dev, and only on loopback http', () => {
    const dev = { packaged: false, electronViteDev: true, mainDir };
    expect(devServerUrl({ ...dev, rendererUrlFromEnv: 'http://localhost:5173' })).toBe('http://localhost:5173/');
    expect(devServerUrl({ ...dev, rendererUrlFromEnv: 'http://127.0.0.1:5173/' })).toBe('http://127.0.0.1:5173/');
    // A built (preview) or packaged app ignores it, whatever it says.
    expect(devServerUrl({ ...dev, electronViteDev: false, rendererUrlFromEnv: 'http://localhost:5173' })).toBeNull();
    expect(devServerUrl({ ...dev, packaged: true, rendererUrlFromEnv: 'http://localhost:5173' })).toBeNull();
    for (const bad of [
      'https://evil.example/',
      'http://evil.example:5173/',
      'http://user:pw@localhost:5173/',
      'file:///tmp/x.html',
      'javascript:alert(1)',
      'nonsense',
    ]) {
      expect(devServerUrl({ ...dev, rendererUrlFromEnv: bad }), bad).toBeNull();
    }
    expect(shellOptions({ ...packaged, packaged: false, rendererUrlFromEnv: 'http://localhost:5173' }).rendererUrl).toBe(APP_ENTRY_URL);
    expect(shellOptions({ ...dev, rendererUrlFromEnv: 'http://localhost:5173' })).toMatchObject({
      rendererUrl: 'http://localhost:5173/',
      devServerOrigin: 'http://localhost:5173',
    });
  });

  it('maps app:// requests into out/renderer only', () => {
    const dir = '/opt/app/out/renderer';
    expect(resolveAppRequest('app://renderer/index.html', dir)).toBe(`${dir}/index.html`);
    expect(resolveAppRequest('app://renderer/', dir)).toBe(`${dir}/index.html`);
    expect(resolveAppRequest('app://renderer/assets/index-abc.js?x=1#y', dir)).toBe(`${dir}/assets/index-abc.js`);
    // Whatever the path says, what is served lies inside out/renderer (dot segments, encoded or not).
    for (const climbing of [
      'app://renderer/../main/index.js',
      'app://renderer/%2e%2e/main/index.js',
      'app://renderer/assets/%2e%2e%2f..%2f..%2fmain%2findex.js',
      'app://renderer/assets/..%2f..%2f..%2f..%2fetc%2fpasswd',
    ]) {
      const file = resolveAppRequest(climbing, dir);
      expect(file === null || file.startsWith(`${dir}/`), `${climbing} → ${file}`).toBe(true);
    }
    for (const bad of [
      'app://renderer/a%00.js',
      'app://renderer/a%5c..%5cx',
      'app://other/index.html',
      'https://renderer/index.html',
      'app://renderer/%E0%A4%A',
      'app://renderer/assets/',
    ]) {
      expect(resolveAppRequest(bad, dir), bad).toBeNull();
    }
    expect(appResponseHeaders('/x/index.html')).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `${RENDERER_CSP}; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
    });
  });

  it('sends the CSP the built page carries (checklist 7)', () => {
    const html = fs.readFileSync('src-renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(RENDERER_CSP);
  });
});

describe('navigation, new windows, permissions (checklist 5, 13, 14, 15)', () => {
  const page = APP_ENTRY_URL;
  it('allows only the app page itself as a sender and a navigation target', () => {
    expect(isAppPage('app://renderer/index.html#/users', page)).toBe(true);
    expect(isAppPage('app://renderer/index.html?x', page)).toBe(true);
    for (const other of [
      'app://renderer/other.html',
      'app://evil/index.html',
      'https://evil.example/',
      'file:///index.html',
      'untrusted:',
    ]) {
      expect(isAppPage(other, page), other).toBe(false);
      expect(navigationAllowed(other, page), other).toBe(false);
    }
  });

  it('opens in the browser only https links to documentation hosts', () => {
    expect(externalUrlAllowed('https://www.postgresql.org/docs/current/ddl-priv.html')).toBe(true);
    for (const host of DOCUMENTATION_HOSTS) expect(externalUrlAllowed(`https://${host}/`), host).toBe(true);
    for (const bad of [
      'https://evil.example/',
      'http://www.postgresql.org/',
      'https://www.postgresql.org.evil.example/',
      'https://user:pw@www.postgresql.org/',
      'https://www.postgresql.org:8443/',
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(externalUrlAllowed(bad), bad).toBe(false);
    }
    expect(indexSource).toContain('if (externalUrlAllowed(url)) void shell.openExternal(url);');
  });

  it('refuses every permission request and check, and the shell installs both handlers', () => {
    for (const p of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'clipboard-sanitized-write',
      'hid',
      'serial',
      'openExternal',
    ]) {
      expect(permissionAllowed(p, 'app://renderer')).toBe(false);
    }
    expect(indexSource).toContain('setPermissionRequestHandler');
    expect(indexSource).toContain('setPermissionCheckHandler');
    expect(indexSource).toContain("contents.on('will-navigate'");
    expect(indexSource).toContain("contents.on('will-attach-webview'");
  });
});
