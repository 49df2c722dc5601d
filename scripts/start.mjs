#!/usr/bin/env node
/**
 * `npm start`: build once, then open the app on that build.
 *
 * `electron-vite build && electron-vite preview` built twice (preview builds again unless told
 * --skipBuild) and, where npm skipped Electron's download, ended after both builds in
 * electron-vite's bare "Error: Electron uninstall". This looks for the binary first and says what
 * to do before spending a build on it.
 *
 * The binary is found by scripts/electron-binary.mjs (ELECTRON_EXEC_PATH, else the electron
 * package's path.txt). Since Electron 42 npm no longer downloads it at install time: the first
 * start downloads it, unless ELECTRON_SKIP_BINARY_DOWNLOAD says not to (CI, offline machines).
 * Arguments after `npm start --` go to Electron.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { downloadElectron, locateElectron } from './electron-binary.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));

function findElectron() {
  const found = locateElectron(root);
  if ('path' in found || process.env.ELECTRON_EXEC_PATH || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return found;
  process.stderr.write('npm start: downloading the Electron binary (once, on the first start)…\n');
  return downloadElectron(root) ? locateElectron(root) : { reason: `${found.reason}, and downloading it failed` };
}

const electron = findElectron();
if (!('path' in electron)) {
  process.stderr.write(
    [
      'npm start: the Electron binary is not installed, so the desktop app cannot open.',
      `  (${electron.reason})`,
      '',
      'It is downloaded on the first start, which was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set) or failed (offline?).',
      "To open the app, start it on a machine that can reach Electron's download site, without",
      'ELECTRON_SKIP_BINARY_DOWNLOAD set:',
      '',
      '  npm start',
      '',
      'Without Electron the same services run headless from the command line:',
      '',
      '  npm run build && npx govcon --help',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const cli = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js');

const build = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// preview --skipBuild opens the build just made; electron-vite forwards signals and the exit code.
const extra = process.argv.slice(2);
const preview = spawn(process.execPath, [cli, 'preview', '--skipBuild', ...(extra.length ? ['--', ...extra] : [])], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: electron.path },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => preview.kill(signal));
preview.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
