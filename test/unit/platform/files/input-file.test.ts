import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputFileSize, readChunks, readInputFile } from '../../../../src-main/platform/files/input-file';
import { verifyFile } from '../../../../src-main/domains/verification/verify-file';
import { verifyBundleFile } from '../../../../src-main/domains/evidence/read-bundle';
import { AppError } from '../../../../src-main/shared/errors';
import { runGovcon } from '../../../support/cli';
import { recordFigure } from '../../../support/figures';

/**
 * The one reader of paths from outside reads regular files only: `/dev/zero` grew a process to
 * 23.9 GB, a FIFO hung for good (and kept the process from exiting after a cancel). Each kind is
 * refused at once with FILE_ERROR naming the path and the kind; a regular file of any size is
 * read, and a cancelled read lets the process end by itself.
 */

let dir: string;
let server: net.Server | undefined;
const paths: Record<string, string> = {};
/** The test bundle's key (test/fixtures/evidence/README.md): any well-formed key will do here. */
const TRUSTED_KEY = 'test-sealer+8410a139+AZfJkYHlKMYIgbkger6OObVmfBO5xhiK8Af9eEWD2BHZ';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-input-file-'));
  paths.regular = path.join(dir, 'audit.jsonl');
  fs.writeFileSync(paths.regular, '{"a": 1}\n');
  paths.fifo = path.join(dir, 'pipe');
  execFileSync('mkfifo', [paths.fifo]);
  paths.socket = path.join(dir, 'sock');
  server = net.createServer();
  await new Promise<void>((resolve) => server!.listen(paths.socket, resolve));
  paths.directory = dir;
  paths.linkToZero = path.join(dir, 'zero-link');
  fs.symlinkSync('/dev/zero', paths.linkToZero);
});
afterAll(() => {
  server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const REFUSED: [string, () => string, RegExp][] = [
  ['/dev/zero', () => '/dev/zero', /it is a character device, not a regular file/],
  ['/dev/null', () => '/dev/null', /character device/],
  ['a symbolic link to /dev/zero', () => paths.linkToZero!, /character device/],
  ['a FIFO', () => paths.fifo!, /it is a FIFO \(named pipe\)/],
  ['a socket', () => paths.socket!, /it is a socket/],
  ['a directory', () => paths.directory!, /it is a directory/],
  ['a missing file', () => path.join(dir, 'nope.jsonl'), /no such file \(ENOENT\)/],
];

/** Runs read-and-cancel.child.ts on `file` and resolves with what it printed, or rejects if it does not exit in time. */
function child(
  file: string,
  mode: 'cancel' | 'refused',
  timeoutMs = 20_000,
): Promise<{ code: number | null; out: { outcome: string; message?: string } }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'read-and-cancel.child.ts'), file, mode], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the process did not exit within ${timeoutMs} ms (printed: ${stdout})`));
    }, timeoutMs);
    proc.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out: JSON.parse(stdout.trim().split('\n').pop() || '{}') });
    });
  });
}

describe('input files', () => {
  it.each(REFUSED)('refuses %s with FILE_ERROR naming the path and the kind, without reading', async (_name, file, reason) => {
    const facts = { console_version: 'test', operator: 'test', at: new Date().toISOString() };
    for (const attempt of [
      () => inputFileSize(file()),
      () => readInputFile(file()),
      () => verifyFile(file()),
      // An evidence bundle's reader read any path: /dev/zero never ended, a FIFO hung.
      () => verifyBundleFile(file(), [TRUSTED_KEY], facts),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('FILE_ERROR');
      expect((error as AppError).message).toContain(file());
      expect((error as AppError).message).toMatch(reason);
    }
    const chunks = readChunks(file(), { what: 'Test' });
    await expect(chunks.next()).rejects.toMatchObject({ code: 'FILE_ERROR' });
  });

  it('the command line says the same, exit 2, for every command that reads a file: data, keys, checkpoints, ids', async () => {
    for (const args of [
      ['verify-file', '/dev/zero'],
      ['import-jsonl', paths.fifo!, '--url', 'postgres://127.0.0.1:1/none'],
      ['verify-bundle', '/dev/zero', '--trusted-key', TRUSTED_KEY],
      ['verify-bundle', paths.fifo!, '--trusted-key', TRUSTED_KEY],
      ['backup', 'verify', paths.fifo!],
      // Key, checkpoint and id files are read whole: fs.readFile of /dev/zero grew until memory ran out.
      ['seal', '--url', 'postgres://127.0.0.1:1/none', '--key', '/dev/zero'],
      ['signing-key', 'public', paths.fifo!],
      ['verify-db', '--url', 'postgres://127.0.0.1:1/none', '--seals', '--trusted-key', TRUSTED_KEY, '--checkpoint', paths.fifo!],
      ['export-evidence', '--url', 'postgres://127.0.0.1:1/none', '--out', path.join(dir, 'x.tar'), '--ids', '/dev/zero'],
    ]) {
      const run = await runGovcon(args);
      expect(run.code).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/not a regular file.*\[FILE_ERROR\]/);
    }
    // A --trusted-key is a key line or a file of them: a device is neither.
    const key = await runGovcon(['verify-db', '--url', 'postgres://127.0.0.1:1/none', '--seals', '--trusted-key', '/dev/zero']);
    expect(key.code).toBe(2);
    expect(key.stderr).toMatch(/--trusted-key \/dev\/zero: neither a verifier key .*not a regular file.*\[VALIDATION\]/);
  });

  it('reads a regular file, whole or in chunks', async () => {
    expect(await inputFileSize(paths.regular!)).toBe(9);
    expect((await readInputFile(paths.regular!)).toString()).toBe('{"a": 1}\n');
    const parts: Buffer[] = [];
    for await (const c of readChunks(paths.regular!, { what: 'Test' })) parts.push(c);
    expect(Buffer.concat(parts).toString()).toBe('{"a": 1}\n');
  });

  it('a FIFO given to a job fails at once and the process exits by itself', async () => {
    const run = await child(paths.fifo!, 'refused');
    expect(run.out).toMatchObject({ outcome: 'FILE_ERROR', message: expect.stringMatching(/FIFO/) });
    expect(run.code).toBe(0);
  });

  it('a 600 MiB line is one malformed line (line-too-long) between good ones, read with flat memory, never INTERNAL', async () => {
    const file = path.join(dir, 'long-line.jsonl');
    const good = fs.readFileSync('test/fixtures/vectors/audit-v1.jsonl', 'latin1').split('\n')[0]!;
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, `${good}\n`);
    // A sparse hole of 600 MiB (zero bytes, no '\n') costs no disk, then the line's end and a good line.
    const holeEnd = good.length + 1 + 600 * 1024 * 1024;
    fs.writeSync(fd, `\n${good}\n`, holeEnd);
    fs.closeSync(fd);
    const rssBefore = process.memoryUsage().rss;
    const result = await verifyFile(file, { all: true });
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(result).toMatchObject({ total: 3, ok: 2, malformed: 1 });
    expect(result.entries?.[1]).toEqual({
      line: 2,
      verdict: 'malformed',
      reason: 'line-too-long',
      message: 'line 2 is 600 MiB long, over the limit of 16 MiB (--max-line-bytes)',
    });
    expect(rssGrowth).toBeLessThan(200 * 1024 * 1024);
    fs.rmSync(file);
  }, 60_000);

  it('the command line takes --max-line-bytes, and refuses a limit no string could hold', async () => {
    const file = path.join(dir, 'line.jsonl');
    fs.writeFileSync(file, `${'x'.repeat(100 * 1024)}\n`);
    const cli = await runGovcon(['verify-file', file, '--max-line-bytes', '64KiB']);
    expect(cli.stdout).toMatch(
      /1 line — 0 ok, 0 tampered, 1 malformed\n[\s\S]*line 1: malformed \(line-too-long\):? line 1 is 100 KiB long, over the limit of 64 KiB/,
    );
    expect((await runGovcon(['verify-file', file, '--max-line-bytes', 'lots'])).stderr).toMatch(/--max-line-bytes must be/);
    // Beyond what one JavaScript string can hold: refused up front, not INTERNAL half-way (as a 600 MiB line was).
    expect((await runGovcon(['verify-file', file, '--max-line-bytes', '1GiB'])).stderr).toMatch(/at most 268435456 bytes.*\[VALIDATION\]/);
  });

  it('a cancel during a large read ends the job and the process exits by itself', async () => {
    const file = path.join(dir, 'big.jsonl');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 2 * 1024 * 1024 * 1024);
    const run = await child(file, 'cancel');
    expect(run.out.outcome).toBe('cancelled');
    expect(run.code).toBe(0);
    fs.rmSync(file);
    recordFigure('non-regular-inputs', {
      what: 'Paths that are not regular files (devices, FIFO, socket, directory, link to a device, missing) given to every reader and eight commands',
      inputs: REFUSED.length * 5 + 10,
      failures: 0,
      detail: 'each refused at once with FILE_ERROR naming the path and the kind; a FIFO and a cancelled 2 GiB read let the process exit',
    });
  });
});
