import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../../../src-main/domains/connections/profile-store';
import { prepareDataDir } from '../../../../src-main/platform/files/data-dir';
import { readJsonIfExists } from '../../../../src-main/platform/files/atomic-file';
import { recordFigure } from '../../../support/figures';

/**
 * The console's own files under kill -9: a child writes profiles and secrets as fast as it can
 * and is killed at a random moment, many times. Every file is whole afterwards (writes are
 * atomic), and the next start (prepareDataDir) leaves no temporary file behind: 40 kills used to
 * leave 16 orphan .tmp files. The data folder is also made private when it was not.
 */

const KILLS = 24;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-kill-'));
  dirs.push(d);
  return d;
}

/** Starts the writing child, waits until it has written, then kills it after `afterMs`. */
function writeAndKill(dir: string, afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'profile-writes.child.ts'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), afterMs));
    child.on('error', reject);
    child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended by itself (${signal})`))));
  });
}

const temporaries = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('profile and secret writes killed with SIGKILL', () => {
  it('leave no corrupt file, and no temporary file after the next start', async () => {
    const dir = tempDir();
    let seed = 12345;
    for (let i = 0; i < KILLS; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      await writeAndKill(dir, 5 + (seed % 60));
      // Whole files: each parses, as the store reads it.
      await expect(new ProfileStore(dir).list()).resolves.toBeInstanceOf(Array);
      const secrets = (await readJsonIfExists(path.join(dir, 'secrets.json'))) as { version: number } | undefined;
      if (secrets !== undefined) expect(secrets.version).toBe(1);
    }
    const left = temporaries(dir);
    const prepared = await prepareDataDir(dir);
    expect(temporaries(dir)).toEqual([]);
    expect(prepared.removed.sort()).toEqual(left.sort());
    expect((await new ProfileStore(dir).list()).length).toBeGreaterThan(0);
    recordFigure('profile-writes-killed', {
      what: 'SIGKILL of a process writing profiles.json and secrets.json, at random moments',
      inputs: KILLS,
      failures: temporaries(dir).length,
      detail: `0 corrupt files; ${prepared.removed.length} orphan temporary files left by the kills, all removed at the next start`,
    });
  }, 120_000);

  it('a temporary file of a live writer is left alone; the folder is made private (0700) if it was not', async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o755);
    const live = `.profiles.json.${process.pid}.0123456789ab.tmp`;
    const dead = `.profiles.json.999999999.0123456789ab.tmp`;
    fs.writeFileSync(path.join(dir, live), 'x');
    fs.writeFileSync(path.join(dir, dead), 'x');
    fs.writeFileSync(path.join(dir, 'notes.tmp'), 'not ours');
    const prepared = await prepareDataDir(dir, 'linux');
    expect(prepared).toEqual({ tightened: true, removed: [dead] });
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(dir).sort()).toEqual([live, 'notes.tmp'].sort());
    expect((await prepareDataDir(dir, 'linux')).tightened).toBe(false);
  });
});
