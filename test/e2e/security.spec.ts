import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { navigationAllowed } from '../../src-main/platform/shell/options';

/**
 * The built renderer (out/renderer, as electron-vite build wrote it), loaded as the app loads it,
 * against its Content-Security-Policy and the shell's navigation rule: an injected inline script,
 * a script from another origin, eval, a foreign frame and a navigation away are all blocked.
 * docs/security.md lists these against Electron's checklist.
 */

/*
 * The page's globals, for the functions that run in the page: this file is type-checked as Node
 * code (no DOM library), and these declarations are types only.
 */
interface PageElement {
  textContent: string | null;
  innerHTML: string;
  src: string;
  action: string;
  method: string;
  onload: (() => void) | null;
  onerror: (() => void) | null;
  appendChild(child: PageElement): void;
  submit(): void;
}
declare const document: {
  body: PageElement;
  head: PageElement;
  createElement(tag: string): PageElement;
  addEventListener(type: 'securitypolicyviolation', listener: (e: { effectiveDirective: string; blockedURI: string }) => void): void;
  querySelectorAll(selector: string): { length: number };
};
declare const window: { location: { href: string } };
declare const location: { href: string };

/** A server on another loopback port: what a remote script or page would be. It counts requests. */
async function foreignServer(): Promise<{ origin: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/javascript' }).end('window.__foreign = true;');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { origin: `http://127.0.0.1:${port}`, requests, close };
}

/** CSP violations the page reports, by directive. */
async function watchViolations(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
}
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

test('the build ships the policy: CSP in the page, ELECTRON_RENDERER_URL compiled out of the main bundle', () => {
  const html = fs.readFileSync('out/renderer/index.html', 'utf8');
  expect(html).toMatch(/<meta\s+http-equiv="Content-Security-Policy"/);
  const main = fs.readFileSync('out/main/index.js', 'utf8');
  // import.meta.env.DEV became a constant false: a built app never honours the dev server URL.
  expect(main).toMatch(/electronViteDev: false/);
  expect(main).not.toMatch(/loadFile\(/);
});

test('injected code does not run: an inline script, an inline handler, code from a string', async ({ app }) => {
  await watchViolations(app);
  const ran = await app.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true;';
    document.body.appendChild(s);
    const div = document.createElement('div');
    div.innerHTML = '<img src="x" onerror="window.__handler = true">';
    document.body.appendChild(div);
    // Not eval inside page.evaluate: DevTools' evaluation is exempt from the CSP's eval rule. A
    // timer given text compiles it in the page itself, as injected code would.
    // @ts-expect-error -- a string handler, exactly what is tested
    setTimeout('window.__fromString = true', 0);
    await new Promise((r) => setTimeout(r, 200));
    const w = window as unknown as { __inline?: boolean; __handler?: boolean; __fromString?: boolean };
    return { inline: w.__inline ?? false, handler: w.__handler ?? false, fromString: w.__fromString ?? false };
  });
  expect(ran).toEqual({ inline: false, handler: false, fromString: false });
  const seen = await violations(app);
  expect(seen).toContainEqual(expect.stringMatching(/^script-src-elem inline/));
  expect(seen).toContainEqual(expect.stringMatching(/^script-src-attr inline/));
  expect(seen).toContainEqual(expect.stringMatching(/^script-src eval/));
});

test('a script from another origin is blocked before any request leaves the page', async ({ app }) => {
  const foreign = await foreignServer();
  try {
    await watchViolations(app);
    const ran = await app.evaluate(async (origin) => {
      const s = document.createElement('script');
      s.src = `${origin}/evil.js`;
      const done = new Promise((r) => {
        s.onload = () => r('loaded');
        s.onerror = () => r('error');
      });
      document.head.appendChild(s);
      await done;
      return (window as unknown as { __foreign?: boolean }).__foreign ?? false;
    }, foreign.origin);
    expect(ran).toBe(false);
    expect(foreign.requests).toEqual([]);
    expect(await violations(app)).toContainEqual(`script-src-elem ${foreign.origin}/evil.js`);
    // Nor may the page fetch from it or frame it.
    const fetched = await app.evaluate(
      (origin) =>
        fetch(`${origin}/data`).then(
          () => 'fetched',
          () => 'refused',
        ),
      foreign.origin,
    );
    expect(fetched).toBe('refused');
    await app.evaluate((origin) => {
      const f = document.createElement('iframe');
      f.src = `${origin}/frame`;
      document.body.appendChild(f);
    }, foreign.origin);
    // (A cross-origin blocked URI is reported as its origin only.)
    await expect.poll(() => violations(app)).toContainEqual(`frame-src ${foreign.origin}`);
    expect(foreign.requests).toEqual([]);
  } finally {
    await foreign.close();
  }
});

test('navigation away from the app page is refused by the shell’s rule; a form cannot post anywhere', async ({ page, host }) => {
  const foreign = await foreignServer();
  try {
    const appPage = `${host.url}/`;
    // What the shell's will-navigate / will-frame-navigate handlers do, with the same function.
    const refused: string[] = [];
    await page.route('**/*', async (route) => {
      const request = route.request();
      if (request.isNavigationRequest() && request.frame() === page.mainFrame() && !navigationAllowed(request.url(), appPage)) {
        refused.push(request.url());
        // 204: the navigation ends without leaving the page, as a prevented will-navigate does.
        return route.fulfill({ status: 204 });
      }
      return route.continue();
    });
    await openApp(page, host);
    await watchViolations(page);
    await page.evaluate((origin) => {
      window.location.href = `${origin}/phish`;
    }, foreign.origin);
    await expect.poll(() => refused).toEqual([`${foreign.origin}/phish`]);
    await page.evaluate((origin) => {
      const form = document.createElement('form');
      form.action = `${origin}/steal`;
      form.method = 'post';
      document.body.appendChild(form);
      form.submit();
    }, foreign.origin);
    await expect.poll(() => violations(page)).toContainEqual(`form-action ${foreign.origin}/steal`);
    // Still the app's page, with its own document (Playwright's locators would wait for the
    // navigation the refused submit left pending, so the page is asked directly).
    expect(await page.evaluate(() => [location.href, document.querySelectorAll('nav').length > 0])).toEqual([appPage, true]);
    expect(foreign.requests).toEqual([]);
  } finally {
    await foreign.close();
  }
});

test('the test host refuses a request body over its limit with 413 and keeps none of it (the answer arrives whole, not as a reset)', async ({
  host,
}) => {
  const big = 'x'.repeat(5 * 1024 * 1024);
  const response = await fetch(`${host.url}/rpc/app/info`, {
    method: 'POST',
    body: JSON.stringify({ big }),
    headers: { 'x-govcon-token': host.token, origin: host.url, 'content-type': 'application/json' },
  }).catch((e: unknown) => e as Error);
  expect(response instanceof Response ? response.status : String(response)).toBe(413);
  const fine = await fetch(`${host.url}/rpc/app/info`, {
    method: 'POST',
    body: '{}',
    headers: { 'x-govcon-token': host.token, origin: host.url, 'content-type': 'application/json' },
  });
  expect(fine.status).toBe(200);
});
