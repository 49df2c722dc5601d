import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * `govcon … | head`: the reader goes away before govcon has written. govcon stops quietly —
 * no EPIPE stack trace — with the command's exit code. The real entry point, as a child.
 */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/govcon.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy(); // like `head` that has already exited: every write gets EPIPE
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('govcon with its output closed', () => {
  it('exits quietly with the exit code of the command', async () => {
    const help = await withClosedStdout(['--help']);
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    const finding = await withClosedStdout(['verify-file', 'test/fixtures/vectors/audit-v1.jsonl', '--all', '--json']);
    expect(finding.stderr).toBe('');
    expect(finding.code).toBe(1);
  });
});
