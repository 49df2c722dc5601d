import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyFile } from '../../../../src-main/domains/verification/verify-file';
import { AppError } from '../../../../src-main/shared/errors';

const vectorsDir = path.resolve('test/fixtures/vectors');
const vectorFile = path.join(vectorsDir, 'audit-v1.jsonl');
const vectorBytes = fs.readFileSync(vectorFile);
const expected = JSON.parse(fs.readFileSync(path.join(vectorsDir, 'audit-v1.expected.json'), 'utf8')) as {
  line: number;
  expect: 'ok' | 'tampered' | 'malformed';
}[];
/** The vector lines without their '\n'. */
const vectorLines = vectorBytes
  .toString('latin1')
  .split('\n')
  .slice(0, -1)
  .map((l) => Buffer.from(l, 'latin1'));
const firstOk = vectorLines[0]!;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-verify-file-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, ...parts: (Buffer | string)[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p))));
  return file;
}

describe('verifyFile', () => {
  it('reproduces the shared vectors, line by line', async () => {
    const result = await verifyFile(vectorFile, { all: true });
    expect(result.format).toBe('jsonl-v1');
    expect(result.total).toBe(66);
    expect(result.entries!.map((e) => ({ line: e.line, expect: e.verdict }))).toEqual(expected);
    expect([result.ok, result.tampered, result.malformed]).toEqual([52, 12, 2]);
    expect(result.entries![11]).toEqual({ line: 12, verdict: 'malformed', reason: 'bad-json' });
    expect(result.entries![7]).toEqual({ line: 8, verdict: 'tampered', reason: 'hash-mismatch' });
    expect(result.entries![0]).toEqual({ line: 1, verdict: 'ok' });
  });

  it('verifies a large file in chunks (200k lines), reporting progress', async () => {
    const repeat = 3031; // 66 × 3031 = 200,046 lines, about 52 MB
    const file = path.join(dir, 'large.jsonl');
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < repeat; i++) fs.writeSync(fd, vectorBytes);
    fs.closeSync(fd);
    const size = fs.statSync(file).size;
    const progress: { done: number; total: number | null | undefined }[] = [];
    const result = await verifyFile(file, { all: true, progress: (done, total) => progress.push({ done, total }) });
    expect(result.total).toBe(66 * repeat);
    expect([result.ok, result.tampered, result.malformed]).toEqual([52 * repeat, 12 * repeat, 2 * repeat]);
    expect(result.entries).toHaveLength(66 * repeat);
    for (const n of [1, 66, 67, 12, 12 + 66 * 1000, 66 * repeat]) {
      expect(result.entries![n - 1]!.line).toBe(n);
      expect(result.entries![n - 1]!.verdict).toBe(expected[(n - 1) % 66]!.expect);
    }
    expect(progress.length).toBeGreaterThan(10);
    expect(progress[0]).toEqual({ done: 0, total: size });
    expect(progress.at(-1)).toEqual({ done: size, total: size });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThan(progress[i - 1]!.done);
  }, 60_000);

  it('accepts CRLF line ends', async () => {
    const file = write('crlf.jsonl', ...vectorLines.flatMap((l) => [l, '\r\n']));
    const result = await verifyFile(file, { all: true });
    expect(result.entries!.map((e) => e.verdict)).toEqual(expected.map((e) => e.expect));
  });

  it('counts a last line without a newline, and no line after a final newline', async () => {
    expect((await verifyFile(write('no-final-nl.jsonl', firstOk, '\n', firstOk), { all: true })).entries).toEqual([
      { line: 1, verdict: 'ok' },
      { line: 2, verdict: 'ok' },
    ]);
    expect((await verifyFile(write('final-nl.jsonl', firstOk, '\n'))).total).toBe(1);
    expect((await verifyFile(write('empty.jsonl'))).total).toBe(0);
  });

  it('marks BOM, invalid UTF-8 and blank lines malformed and goes on', async () => {
    const file = write(
      'mixed.jsonl',
      Buffer.from([0xef, 0xbb, 0xbf]),
      firstOk,
      '\n', // a BOM at the start of the file
      firstOk,
      '\n',
      '\n',
      '  \r\n',
      Buffer.from([0x7b, 0xc3, 0x28, 0x7d]),
      '\n', // invalid UTF-8
      '[1]\n',
      firstOk,
      '\n',
    );
    const result = await verifyFile(file, { all: true });
    expect(result.entries).toEqual([
      { line: 1, verdict: 'malformed', reason: 'bom' },
      { line: 2, verdict: 'ok' },
      { line: 3, verdict: 'malformed', reason: 'blank' },
      { line: 4, verdict: 'malformed', reason: 'blank' },
      { line: 5, verdict: 'malformed', reason: 'bad-utf8' },
      { line: 6, verdict: 'malformed', reason: 'not-object' },
      { line: 7, verdict: 'ok' },
    ]);
    expect([result.total, result.ok, result.tampered, result.malformed]).toEqual([7, 2, 0, 5]);
    expect(result.failures).toEqual(result.entries!.filter((e) => e.verdict !== 'ok'));
  });

  it('lists the failing lines only (at most maxListed, the rest counted), and names the bytes it judged', async () => {
    const file = write('listed.jsonl', ...Array.from({ length: 10 }, () => 'garbage\n'), firstOk, '\n');
    const result = await verifyFile(file, { maxListed: 3 });
    expect(result.entries).toBeNull();
    expect(result.failures).toEqual([1, 2, 3].map((line) => ({ line, verdict: 'malformed', reason: 'bad-json' })));
    expect(result.failures_not_listed).toBe(7);
    const bytes = fs.readFileSync(file);
    expect(result.file).toEqual({ path: file, size: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
  });

  it('throws FILE_ERROR naming the path when the file cannot be read', async () => {
    const missing = path.join(dir, 'missing.jsonl');
    const error = await verifyFile(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('FILE_ERROR');
    expect((error as AppError).message).toContain(missing);
    expect((error as AppError).message).toContain('no such file');
    const isDir = await verifyFile(dir).catch((e: unknown) => e);
    expect(isDir).toMatchObject({ code: 'FILE_ERROR' });
    expect((isDir as AppError).message).toContain('directory');
  });

  it('stops with an AbortError when cancelled', async () => {
    const file = write('abort.jsonl', ...Array.from({ length: 40_000 }, () => [firstOk, '\n']).flat());
    const before = new AbortController();
    before.abort();
    await expect(verifyFile(file, { signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' });

    const during = new AbortController();
    let calls = 0;
    const run = verifyFile(file, {
      signal: during.signal,
      progress: () => {
        if (++calls === 2) during.abort(new Error('user pressed cancel'));
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(2);
  });
});
