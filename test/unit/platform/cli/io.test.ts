import os from 'node:os';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  defaultOperator,
  outputWidth,
  processIo,
  progressAmount,
  progressReporter,
  readLine,
  type CliIo,
} from '../../../../src-main/platform/cli/io';
import { AppError } from '../../../../src-main/shared/errors';

/** Numbers as the reporter prints them. */
const n = (x: number) => x.toLocaleString('en-US');

function io(options: { stdin?: string[]; tty?: boolean } = {}): CliIo & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: options.tty ?? false },
    stdin: Readable.from(options.stdin ?? []),
    env: {},
    out: () => stdout,
    err: () => stderr,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('processIo', () => {
  it("is the process's own streams and environment", () => {
    const p = processIo();
    expect(p.stdout).toBe(process.stdout);
    expect(p.stderr).toBe(process.stderr);
    expect(p.stdin).toBe(process.stdin);
    expect(p.env).toBe(process.env);
  });
});

describe('defaultOperator', () => {
  it('reads GOVCON_OPERATOR', () => {
    expect(defaultOperator({ GOVCON_OPERATOR: 'Ops Team <ops@example.org>' })).toEqual({ name: 'Ops Team', email: 'ops@example.org' });
    expect(defaultOperator({ GOVCON_OPERATOR: 'deploy-bot' })).toEqual({ name: 'deploy-bot', email: null });
  });

  it('refuses a malformed GOVCON_OPERATOR rather than guessing', () => {
    expect(() => defaultOperator({ GOVCON_OPERATOR: 'Ops <broken' })).toThrow(AppError);
  });

  it('falls back to the OS user name, without email', () => {
    expect(defaultOperator({})).toEqual({ name: os.userInfo().username, email: null });
  });
});

describe('readLine', () => {
  it('reads the first line of stdin, without its newline (CRLF too)', async () => {
    expect(await readLine(io({ stdin: ['gc_live_abc\nsecond line\n'] }))).toBe('gc_live_abc');
    expect(await readLine(io({ stdin: ['gc_', 'live_', 'xyz\r\n'] }))).toBe('gc_live_xyz');
    expect(await readLine(io({ stdin: ['no newline at all'] }))).toBe('no newline at all');
  });

  it('gives an empty string for empty stdin', async () => {
    expect(await readLine(io())).toBe('');
  });
});

describe('progressReporter', () => {
  it('draws nothing when disabled (--json) or when stderr is not a terminal', () => {
    const notTty = io({ tty: false });
    progressReporter(notTty, true, 'verifying', 'rows')(5, 10);
    const json = io({ tty: true });
    progressReporter(json, false, 'verifying', 'rows')(5, 10);
    expect(notTty.err() + notTty.out() + json.err() + json.out()).toBe('');
  });

  it('draws a bar on a terminal, on stderr only, and ends the line when done', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const t = io({ tty: true });
    const report = progressReporter(t, true, 'verifying', 'rows');
    report(0, 1000);
    expect(t.err()).toBe(`\rverifying [${'.'.repeat(30)}] 0 / ${n(1000)} rows   `);
    vi.advanceTimersByTime(150);
    report(500, 1000);
    expect(t.err()).toContain(`\rverifying [${'#'.repeat(15)}${'.'.repeat(15)}] 500 / ${n(1000)} rows   `);
    vi.advanceTimersByTime(150);
    report(1000, 1000);
    expect(t.err().endsWith(`\rverifying [${'#'.repeat(30)}] ${n(1000)} / ${n(1000)} rows   \n`)).toBe(true);
    expect(t.out()).toBe('');
  });

  it('redraws at most every 100 ms, but always draws the end', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const t = io({ tty: true });
    const report = progressReporter(t, true, 'loading', 'rows');
    report(1, 100);
    report(2, 100); // too soon: skipped
    expect(t.err()).not.toContain(' 2 / 100');
    report(100, 100); // the end: drawn at once
    expect(t.err()).toContain(' 100 / 100 rows   \n');
  });

  it('shows a count without a bar when the total is unknown', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const t = io({ tty: true });
    progressReporter(t, true, 'reading', 'lines')(12345, null);
    expect(t.err()).toBe(`\rreading ${n(12345)} lines   `);
  });

  it('names its unit: bytes are shown in MB, counts with their unit', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const t = io({ tty: true });
    progressReporter(t, true, 'verifying', 'bytes')(12_345_678, 50_000_000);
    expect(t.err()).toContain('12.3 / 50.0 MB   ');
    expect(progressAmount(1234, 5000, 'rows')).toBe('1,234 / 5,000 rows');
    expect(progressAmount(0, null, 'bytes')).toBe('0.0 MB');
  });
});

describe('outputWidth', () => {
  it("is the terminal's width, else 80", () => {
    const base = io();
    expect(outputWidth(base)).toBe(80);
    expect(outputWidth({ ...base, stdout: { write: () => true, isTTY: true, columns: 132 } })).toBe(132);
    expect(outputWidth({ ...base, stdout: { write: () => true, isTTY: false, columns: 132 } })).toBe(80);
  });
});
