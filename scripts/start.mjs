#!/usr/bin/env node
/**
 * `npm start`: build once, then open the app on that build.
 *
 * `electron-vite build && electron-vite preview` built twice (preview builds again unless told
 * --skipBuild) and, where npm skipped Electron's download, ended after both builds in
 * electron-vite's bare "Error: Electron uninstall". This looks for the binary first and says what
 * to do before spending a build on it.
 *
 * The binary is looked up the way electron-vite will launch it: ELECTRON_EXEC_PATH when set
 * (electron-vite's own override, also how the test makes the binary missing), else what the
 * electron package resolves (node_modules/electron/path.txt, written only when the download ran).
 * Arguments after `npm start --` go to Electron.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));

/** The Electron binary as `{ path }`, or `{ reason }` it cannot be used. */
function findElectron() {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) {
    if (fs.existsSync(override)) return { path: override };
    return { reason: `ELECTRON_EXEC_PATH is ${override}, which does not exist; unset it to use the electron package's binary` };
  }
  let binary;
  try {
    // The electron package exports the binary's path, and throws when path.txt is absent.
    binary = require('electron');
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { reason: `the electron package has no binary: ${why}` };
  }
  if (typeof binary !== 'string') return { reason: 'the electron package did not resolve to a path' };
  return fs.existsSync(binary) ? { path: binary } : { reason: `the electron package points at ${binary}, which does not exist` };
}

const electron = findElectron();
if (!('path' in electron)) {
  process.stderr.write(
    [
      'npm start: the Electron binary is not installed, so the desktop app cannot open.',
      `  (${electron.reason})`,
      '',
      'npm skipped its download: this checkout was probably installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or offline.',
      "To open the app, install Electron on a machine that can reach Electron's download site,",
      'without ELECTRON_SKIP_BINARY_DOWNLOAD set:',
      '',
      '  rm -rf node_modules/electron && npm install',
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
