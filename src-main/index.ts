/**
 * The Electron shell: app lifecycle, the one window, and the router bound to ipcMain.
 * Everything it calls is plain Node (src-main/runtime.ts), so it holds no logic of its own.
 * The runtime (services, the database layer: pg, Sequelize) is imported only once the window
 * exists, so the window opens while they load; calls that come sooner wait for it
 * (test/e2e/build-output.spec.ts checks that the entry chunk loads no database code).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import type { Runtime } from './runtime';
import { CHANNEL_NAMES, EVENT_TRANSPORT, type AppEvent } from './shared/contract';
import { stderrLogger } from './platform/log';
import { appDataDir } from './platform/files/app-paths';
import { SafeStorageSecretStore } from './platform/secrets/secret-store';

const log = stderrLogger('govcon-main');
const here = import.meta.dirname;
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererFile = path.join(here, '../renderer/index.html');
/** The only page allowed to call the main process (and to be shown in the window). */
const rendererUrl = devServerUrl ?? pathToFileURL(rendererFile).href;

let mainWindow: BrowserWindow | null = null;
let runtime: Runtime | null = null;
/** Settles once the runtime is loaded and built (after the window is created). */
let runtimeReady: Promise<Runtime> | null = null;

function emit(event: AppEvent): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_TRANSPORT, event);
}

function isAppPage(url: string): boolean {
  const base = rendererUrl.split('#')[0].split('?')[0];
  return url.split('#')[0].split('?')[0] === base;
}

/** The sender check of every IPC message: our window, our page, its top frame. */
function senderOf(event: IpcMainInvokeEvent): { url: string } {
  const frame = event.senderFrame;
  const fromOurWindow = mainWindow !== null && event.sender.id === mainWindow.webContents.id;
  const topFrame = frame !== null && frame.parent === null;
  return { url: fromOurWindow && topFrame && frame ? frame.url : 'untrusted:' };
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'Governance Console',
    // out/main/ -> ../../resources: the checkout in dev and preview; packaged, electron-builder.yml
    // puts this file into app.asar at the same relative path (Electron reads images from inside it).
    icon: path.join(here, '../../resources/icons/512x512.png'),
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void (devServerUrl ? mainWindow.loadURL(devServerUrl) : mainWindow.loadFile(rendererFile));
}

function lockDown(): void {
  // No permission (camera, notifications, geolocation…) is ever granted.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppPage(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links to documentation open in the user's browser, never in an Electron window.
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
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
    version: app.getVersion(),
    dataDir,
    // Passwords are encrypted with the OS keychain; without one, they are not stored at all.
    secrets: new SafeStorageSecretStore(dataDir, safeStorage),
    env: process.env,
    embeddedDefault: true,
    emit,
    isTrustedSender: (sender) => isAppPage(sender.url),
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
