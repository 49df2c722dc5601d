/**
 * The Electron shell: app lifecycle, the one window, and the router bound to ipcMain.
 * Everything it calls is plain Node (src-main/runtime.ts), so it holds no logic of its own.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import { createRuntime, type Runtime } from './runtime';
import { CHANNEL_NAMES, EVENT_TRANSPORT, type AppEvent } from './shared/contract';
import { stderrLogger } from './platform/log';
import { appDataDir } from './platform/files/app-paths';
import { SafeStorageSecretStore } from './platform/secrets/secret-store';
import type { FileDialog } from './domains/app/file-dialog';

const log = stderrLogger('govcon-main');
const here = import.meta.dirname;
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererFile = path.join(here, '../renderer/index.html');
/** The only page allowed to call the main process (and to be shown in the window). */
const rendererUrl = devServerUrl ?? pathToFileURL(rendererFile).href;

let mainWindow: BrowserWindow | null = null;
let runtime: Runtime | null = null;

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

/** The "open file" dialog, modal to the window (dialog/open-file). */
const fileDialog: FileDialog = {
  async openFile({ title, filters }) {
    const options = { title, filters, properties: ['openFile' as const] };
    const chosen = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
  },
};

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
    dialog: fileDialog,
    log,
  });
  const router = runtime.router;
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, input: unknown) => router.dispatch(channel, input, senderOf(event)));
  }
  createWindow();
  // The window opens at once; the default connection (DATABASE_URL or the embedded workspace,
  // which may take seconds on first use) arrives as a connection/changed event.
  void runtime.start();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
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
