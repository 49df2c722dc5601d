import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { COMMANDS } from '../../../../src-main/cli/commands';
import { runCli } from '../../../../src-main/cli/main';
import { processIo, type CliIo } from '../../../../src-main/platform/cli/io';
import { keepYoungGenerationSmall } from '../../../../src-main/platform/cli/young-generation';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

/** The young generation's size after a burst of short-lived objects, in a fresh Node process. */
function newSpaceAfterBurst(keepSmall: boolean): number {
  const script = `
    ${keepSmall ? "const { keepYoungGenerationSmall } = await import('./src-main/platform/cli/young-generation.ts'); keepYoungGenerationSmall();" : ''}
    const v8 = await import('node:v8');
    let kept = 0;
    for (let i = 0; i < 3_000_000; i++) { const o = { a: 'x' + i, b: [i, i + 1] }; kept += o.b.length; }
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(space.space_size));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return Number(r.stdout);
}

describe('keepYoungGenerationSmall', () => {
  it('stops V8 growing the young generation after start-up (this Node still obeys the flag at run time)', () => {
    const grown = newSpaceAfterBurst(false);
    const kept = newSpaceAfterBurst(true);
    // Without it the young generation grows to its maximum under the burst (16 MB here); with it, it stays where it started.
    expect(kept).toBeGreaterThan(0);
    expect(kept * 4).toBeLessThanOrEqual(grown);
  });

  it('is asked for by the commands that stream a whole file or table through short-lived objects', () => {
    expect(COMMANDS.filter((c) => c.memory === 'stream').map((c) => c.name)).toEqual(['verify-db', 'import-jsonl']);
  });

  it("is what the govcon process's io does before such a command loads, and only then", async () => {
    expect(processIo().beforeStreamingCommand).toBe(keepYoungGenerationSmall);
    const calls: string[] = [];
    const io = (): CliIo => ({
      stdout: { write: () => true },
      stderr: { write: () => true, isTTY: false },
      stdin: Readable.from([]),
      env: {},
      beforeStreamingCommand: () => calls.push('called'),
    });
    // Both fail on their missing PATH, after the module has loaded: the call comes first.
    expect(await runCli(['verify-file'], io())).toBe(2);
    expect(calls).toEqual([]);
    expect(await runCli(['import-jsonl'], io())).toBe(2);
    expect(calls).toEqual(['called']);
  });
});
