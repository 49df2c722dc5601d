import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { locateElectron } from '../../../scripts/electron-binary.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const OUT = path.join(ROOT, 'out');

/** Whether this machine has the Electron binary (looked up without require('electron'), which would download it). */
function electronInstalled(): boolean {
  return 'path' in locateElectron(ROOT, {});
}

/** Modification times of out/ and its top folders: a build rewrites them. */
function outStamp(): string {
  if (!fs.existsSync(OUT)) return 'no out/';
  return ['.', 'main', 'preload', 'renderer']
    .map((dir) => path.join(OUT, dir))
    .filter((dir) => fs.existsSync(dir))
    .map((dir) => `${dir}:${fs.statSync(dir).mtimeMs}`)
    .join(' ');
}

function start(env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string; ms: number } {
  const began = Date.now();
  const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, ms: Date.now() - began };
}

function expectRefusal(run: ReturnType<typeof start>, before: string, withinMs = 5_000): void {
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('the Electron binary is not installed');
  expect(run.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
  expect(run.stderr).toContain("a machine that can reach Electron's download site");
  expect(run.stderr).toContain('npx govcon --help');
  // Before any build: electron-vite printed nothing, out/ is as it was, and it took no build's time.
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/vite v\d|building/);
  expect(outStamp()).toBe(before);
  expect(run.ms).toBeLessThan(withinMs);
}

describe('npm start (scripts/start.mjs) without the Electron binary', () => {
  it('says how to get Electron, and that govcon runs headless, and exits 1 without building', () => {
    const before = outStamp();
    // ELECTRON_EXEC_PATH is electron-vite's own override of the binary, so the script checks it first.
    const run = start({ ...process.env, ELECTRON_EXEC_PATH: path.join(ROOT, '.tmp/no-such-electron') });
    expectRefusal(run, before);
    expect(run.stderr).toContain('ELECTRON_EXEC_PATH is');
  });

  it.skipIf(electronInstalled())('does the same with the electron package as npm left it here, when told not to download', () => {
    const before = outStamp();
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
    delete env.ELECTRON_EXEC_PATH;
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const run = start(env);
    expectRefusal(run, before);
    expect(run.stderr).toContain('has not been downloaded yet');
    expect(run.stderr).not.toContain('downloading');
  });

  it.skipIf(electronInstalled())('tries the download on a first start, and says so when it fails', () => {
    const before = outStamp();
    // A mirror nothing listens on: the download fails at once instead of waiting on the network.
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/' };
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    delete env.ELECTRON_EXEC_PATH;
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const run = start(env);
    expect(run.stderr).toContain('downloading the Electron binary');
    expectRefusal(run, before, 20_000);
    expect(run.stderr).toContain('downloading it failed');
    expect('path' in locateElectron(ROOT, {})).toBe(false);
  });
});
