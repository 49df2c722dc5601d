/**
 * `govcon` start-up (issue 9, "Speed"): wall time of `govcon --version`, `govcon --help` and
 * `govcon verify-file` of a one-line file, beside `node -e 0` measured in the same run — the
 * ceiling no command line in Node can beat. Runs interleaved, the median of each reported,
 * with the machine's load (other work skews every figure). Target: each under 120 ms.
 *
 *   npx tsx bench/startup.ts [--repeat N]      (also the first part of `npm run bench`)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const TARGET_MS = 120;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

function timeOnce(argv: readonly string[]): number {
  const start = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (r.error) throw r.error;
  return ms;
}

/** The govcon command line: the build when present, else the sources through tsx (slower: says so). */
function govconArgv(): { argv: string[]; label: string } {
  const built = path.join(ROOT, 'out/main/govcon.js');
  if (fs.existsSync(built)) return { argv: [process.execPath, path.join(ROOT, 'bin/govcon.mjs')], label: 'node bin/govcon.mjs (built)' };
  return {
    argv: [process.execPath, '--import', 'tsx', path.join(ROOT, 'src-main/cli/govcon.ts')],
    label: 'node --import tsx src-main/cli/govcon.ts (source: not built, so tsx compiles on every run)',
  };
}

export function startupBench(repeat: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-startup-'));
  const small = path.join(dir, 'small.jsonl');
  fs.writeFileSync(small, '{"a": 1}\n');
  try {
    const govcon = govconArgv();
    const cases: [string, string[]][] = [
      ['node -e 0', [process.execPath, '-e', '0']],
      ['govcon --version', [...govcon.argv, '--version']],
      ['govcon --help', [...govcon.argv, '--help']],
      ['govcon verify-file (1 line)', [...govcon.argv, 'verify-file', small]],
    ];
    const times = cases.map(() => [] as number[]);
    // Warm-up: the files into the page cache.
    for (const [, argv] of cases) timeOnce(argv);
    for (let i = 0; i < repeat; i++) cases.forEach(([, argv], k) => times[k]!.push(timeOnce(argv)));
    const load = os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
    console.log(`start-up    ${govcon.label}; median of ${repeat} interleaved runs, load average ${load}`);
    const ceiling = median(times[0]!);
    cases.forEach(([name], k) => {
      const m = median(times[k]!);
      const extra = k === 0 ? '(ceiling)' : `${(m / ceiling).toFixed(2)}× the ceiling, +${fmt(m - ceiling)}; target < ${TARGET_MS} ms`;
      console.log(`  ${name.padEnd(28)} ${fmt(m).padStart(7)}  min ${fmt(Math.min(...times[k]!)).padStart(7)}  ${extra}`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--repeat');
  startupBench(i === -1 ? 30 : Number(process.argv[i + 1]));
}
