/**
 * Where the Electron binary is, found without the electron package's own `require('electron')`:
 * since Electron 42 that call downloads the binary when it is missing (the package has no
 * install script any more), which must not happen by accident — offline, in CI, or in a test
 * that only wants to know whether it may launch the app.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** `{ path }` of the binary, or `{ reason }` it is not there. ELECTRON_EXEC_PATH (electron-vite's override) wins. */
export function locateElectron(root, env = process.env) {
  const override = env.ELECTRON_EXEC_PATH;
  if (override) {
    if (fs.existsSync(override)) return { path: override };
    return { reason: `ELECTRON_EXEC_PATH is ${override}, which does not exist; unset it to use the electron package's binary` };
  }
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!fs.existsSync(path.join(pkg, 'package.json'))) return { reason: 'the electron package is not installed (run npm install)' };
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return { reason: 'the Electron binary has not been downloaded yet' };
  const binary = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? { path: binary } : { reason: `the electron package points at ${binary}, which does not exist` };
}

/** Runs the electron package's own download (its install.js); true when the binary is there afterwards. */
export function downloadElectron(root) {
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!fs.existsSync(installer)) return false;
  const result = spawnSync(process.execPath, [installer], { cwd: root, stdio: 'inherit' });
  return result.status === 0 && 'path' in locateElectron(root);
}
