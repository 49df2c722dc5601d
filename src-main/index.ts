/**
 * The Electron shell: app lifecycle, the one window, and the router bound to ipcMain. It applies
 * what platform/shell/options.ts builds (window, DevTools, the page, permissions, navigation, the
 * openExternal allow-list) and what runtime.ts wires; it decides nothing of its own.
 * docs/security.md goes through Electron's security checklist against it.
 * The runtime (services, the database layer: pg, Sequelize) is imported only once the window
 * exists, so the window opens while they load; calls that come sooner wait for it
 * (test/e2e/build-output.spec.ts checks that the entry chunk loads no database code).
 */
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import type { Runtime } from './runtime';
import { CHANNEL_NAMES, EVENT_TRANSPORT, type AppEvent } from './shared/contract';
import { stderrLogger } from './platform/log';
import { appDataDir } from './platform/files/app-paths';
import { SafeStorageSecretStore } from './platform/secrets/secret-store';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  externalUrlAllowed,
  isAppPage,
  navigationAllowed,
  permissionAllowed,
  resolveAppRequest,
  shellOptions,
} from './platform/shell/options';
import { CONSOLE_VERSION } from './shared/version';
import type { FileDialog } from './domains/app/file-dialog';

const log = stderrLogger('govcon-main');
const options = shellOptions({
  packaged: app.isPackaged,
  // A constant in the bundle: true only when `electron-vite dev` built it (docs/security.md).
  electronViteDev: (import.meta as unknown as { env?: { DEV?: boolean } }).env?.DEV === true,
  rendererUrlFromEnv: process.env.ELECTRON_RENDERER_URL,
  mainDir: import.meta.dirname,
});

// Before `ready`: app:// is a standard, secure scheme with an origin of its own.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let mainWindow: BrowserWindow | null = null;
let runtime: Runtime | null = null;
/** Settles once the runtime is loaded and built (after the window is created). */
let runtimeReady: Promise<Runtime> | null = null;

function emit(event: AppEvent): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_TRANSPORT, event);
}

/** The sender check of every IPC message: our window, our page, its top frame. */
function senderOf(event: IpcMainInvokeEvent): { url: string } {
  const frame = event.senderFrame;
  const fromOurWindow = mainWindow !== null && event.sender.id === mainWindow.webContents.id;
  const topFrame = frame !== null && frame.parent === null;
  return { url: fromOurWindow && topFrame && frame ? frame.url : 'untrusted:' };
}

/** app://renderer/… from out/renderer, nothing outside it, with the CSP as a header too. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppRequest(request.url, options.rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).href).catch(() => null);
    if (!response || !response.ok) return new Response('Not found', { status: 404 });
    return new Response(response.body, { status: 200, headers: appResponseHeaders(file) });
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow(options.window);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(options.rendererUrl);
}

/** The "open file" dialog, modal to the window (dialog/open-file). */
const fileDialog: FileDialog = {
  async openFile({ title, filters }) {
    const dialogOptions = { title, filters, properties: ['openFile' as const] };
    const chosen = mainWindow ? await dialog.showOpenDialog(mainWindow, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
    return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
  },
};

function lockDown(): void {
  const ses = session.defaultSession;
  // No permission (camera, notifications, clipboard, geolocation, devices…) is granted or reported as granted.
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionAllowed(permission)));
  ses.setPermissionCheckHandler((_wc, permission, origin) => permissionAllowed(permission, origin));
  ses.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!navigationAllowed(url, options.rendererUrl)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!navigationAllowed(event.url, options.rendererUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links to documentation open in the user's browser, never in an Electron window; nothing else opens.
      if (externalUrlAllowed(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    if (!options.devTools) contents.on('devtools-opened', () => contents.closeDevTools());
  });
}

async function main(): Promise<void> {
  // One instance per user: two would fight over the embedded workspace's data folder.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => mainWindow?.focus());
  app.enableSandbox();
  await app.whenReady();
  serveRenderer();
  lockDown();
  // The channels answer from the start; a call made before the runtime is loaded waits for it.
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, input: unknown) => (await runtimeReady!).router.dispatch(channel, input, senderOf(event)));
  }
  createWindow();
  runtimeReady = startRuntime();
  await runtimeReady;
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

/** Loads the runtime (the database layer with it), builds it, and opens the default connection. */
async function startRuntime(): Promise<Runtime> {
  const { createRuntime } = await import('./runtime');
  const dataDir = appDataDir();
  runtime = createRuntime({
    shell: 'electron',
    version: CONSOLE_VERSION,
    dataDir,
    // Passwords are encrypted with the OS keychain; without one (or with Linux's basic_text), they are not stored at all.
    secrets: new SafeStorageSecretStore(dataDir, safeStorage),
    env: process.env,
    embeddedDefault: true,
    emit,
    isTrustedSender: (sender) => isAppPage(sender.url, options.rendererUrl),
    dialog: fileDialog,
    log,
  });
  // The window is open; the default connection (DATABASE_URL or the embedded workspace,
  // which may take seconds on first use) arrives as a connection/changed event.
  void runtime.start();
  return runtime;
}

// Clean shutdown: cancel jobs and close pools before the process goes.
let closing = false;
app.on('before-quit', (event) => {
  if (closing || !runtime) return;
  closing = true;
  event.preventDefault();
  runtime
    .close()
    .catch((error: unknown) => log.error('shutdown failed', error))
    .finally(() => app.quit());
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

main().catch((error: unknown) => {
  log.error('start-up failed', error);
  app.exit(1);
});
