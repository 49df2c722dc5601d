/**
 * Every security decision of the Electron shell, as plain data and pure functions: src-main/index.ts
 * (the only file that imports electron) applies exactly what this module builds and decides
 * nothing itself. Electron cannot run on the machines that test this project, so this is what
 * the tests (test/unit/platform/shell/options.test.ts) and docs/security.md check.
 */
import path from 'node:path';

/** The renderer is served from app://renderer/… : a privileged, standard, secure scheme of our own. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * What protocol.registerSchemesAsPrivileged gets (before the app is ready). `standard` gives
 * the scheme an origin (so CSP 'self' and relative URLs work as on https), `secure` makes it a
 * secure context; it may not bypass the CSP, register service workers or be fetched cross-origin.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    corsEnabled: false,
    bypassCSP: false,
    allowServiceWorkers: false,
    stream: false,
    codeCache: false,
  },
} as const;

/**
 * The Content-Security-Policy the renderer's index.html carries as a meta tag, sent again as a
 * response header by the app:// handler (a header also covers what a meta tag cannot:
 * frame-ancestors). A unit test checks it is the built page's policy.
 */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; object-src 'none'";
export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`;

/** Documentation sites a link in the window may open in the user's browser; nothing else is opened. */
export const DOCUMENTATION_HOSTS: readonly string[] = [
  'www.postgresql.org',
  'www.electronjs.org',
  'nodejs.org',
  'www.rfc-editor.org',
  'datatracker.ietf.org',
  'c2sp.org',
];

/** What the shell knows about how it was started. */
export interface ShellFacts {
  /** app.isPackaged. */
  packaged: boolean;
  /**
   * True only in a main bundle built by `electron-vite dev` (import.meta.env.DEV, replaced by a
   * constant at build time): `electron-vite build` writes `false`, whatever the environment says.
   */
  electronViteDev: boolean;
  /** ELECTRON_RENDERER_URL, which electron-vite dev sets to its dev server. */
  rendererUrlFromEnv: string | undefined;
  /** The folder of the bundled main process (out/main). */
  mainDir: string;
}

export interface ShellOptions {
  /** The one page the window shows and the only sender IPC trusts. */
  rendererUrl: string;
  /** The renderer's dev server origin, in `electron-vite dev` only; null everywhere else. */
  devServerOrigin: string | null;
  /** Where app:// serves files from (out/renderer). */
  rendererDir: string;
  devTools: boolean;
  window: {
    width: number;
    height: number;
    minWidth: number;
    minHeight: number;
    title: string;
    icon: string;
    show: false;
    webPreferences: {
      preload: string;
      contextIsolation: true;
      sandbox: true;
      nodeIntegration: false;
      nodeIntegrationInWorker: false;
      nodeIntegrationInSubFrames: false;
      webSecurity: true;
      allowRunningInsecureContent: false;
      experimentalFeatures: false;
      webviewTag: false;
      navigateOnDragDrop: false;
      safeDialogs: true;
      spellcheck: false;
      devTools: boolean;
    };
  };
}

/**
 * The dev server URL when it may be used: in `electron-vite dev` only, and only an http URL on
 * this machine's loopback. Anything else (a packaged or built app, any other host) is ignored,
 * since the page it names becomes the trusted IPC sender.
 */
export function devServerUrl(facts: Pick<ShellFacts, 'packaged' | 'electronViteDev' | 'rendererUrlFromEnv'>): string | null {
  if (facts.packaged || !facts.electronViteDev || !facts.rendererUrlFromEnv) return null;
  let url: URL;
  try {
    url = new URL(facts.rendererUrlFromEnv);
  } catch {
    return null;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'http:' || !loopback || url.username || url.password) return null;
  return url.origin + '/';
}

/** The options the shell applies: window, web preferences, DevTools, the page to load. */
export function shellOptions(facts: ShellFacts): ShellOptions {
  const dev = devServerUrl(facts);
  const devTools = !facts.packaged;
  return {
    rendererUrl: dev ?? APP_ENTRY_URL,
    devServerOrigin: dev === null ? null : new URL(dev).origin,
    rendererDir: path.join(facts.mainDir, '../renderer'),
    devTools,
    window: {
      width: 1280,
      height: 820,
      minWidth: 960,
      minHeight: 600,
      title: 'Governance Console',
      // out/main/ -> ../../resources: the checkout in dev and preview; packaged, electron-builder.yml
      // puts this file into app.asar at the same relative path (Electron reads images from inside it).
      icon: path.join(facts.mainDir, '../../resources/icons/512x512.png'),
      show: false,
      webPreferences: {
        preload: path.join(facts.mainDir, '../preload/preload.cjs'),
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
        devTools,
      },
    },
  };
}

/** URL without fragment and query: what identifies a page. */
function pageOf(url: string): string {
  return url.split('#')[0]!.split('?')[0]!;
}

/** The app's own page (the exact page, in its top frame): the only sender IPC trusts, the only navigation allowed. */
export function isAppPage(url: string, rendererUrl: string): boolean {
  return pageOf(url) === pageOf(rendererUrl);
}

/** Navigation (will-navigate, will-frame-navigate): only to the app's page itself (the renderer routes by hash). */
export function navigationAllowed(url: string, rendererUrl: string): boolean {
  return isAppPage(url, rendererUrl);
}

/** Whether a link may be opened in the user's browser: https, a documentation host, no credentials or port. */
export function externalUrlAllowed(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && !url.username && !url.password && url.port === '' && DOCUMENTATION_HOSTS.includes(url.hostname);
}

/**
 * Permission requests and checks (camera, notifications, clipboard, geolocation, HID, serial…):
 * the console needs none, so every one is refused, from every origin.
 */
export function permissionAllowed(_permission: string, _requestingOrigin?: string): boolean {
  return false;
}

/**
 * The file app://renderer/<path> serves, inside `rendererDir`; null (404) for another host, a
 * path that climbs out (`..`, encoded or not), a NUL, or a folder. `/` serves index.html.
 */
export function resolveAppRequest(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\') || (pathname !== '/' && pathname.endsWith('/'))) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return null;
  return file;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Response headers for a file app:// serves: its type, the CSP, and no sniffing or caching. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-security-policy': RENDERER_CSP_HEADER,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}
