/**
 * Evidence bundles (issue 13, "Speed"): `govcon verify-bundle` of a bundle of N rows (default
 * 1,000,000, one contiguous run) beside `sha256sum` of the same file, the ceiling, measured in
 * the same run (medians of --repeat interleaved runs; ratio = ceiling wall time ÷ tool wall
 * time, target ≥ 0.33), and the standalone verifier (out/verifier/govcon-verify.mjs) when
 * built. No database: the bundle is made from a synthetic log (test/support/evidence-bundle.ts).
 *
 *   npx tsx bench/evidence-bench.ts [--rows N] [--repeat N] [--source]
 *
 * Prints figures only; asserts nothing (but says when a verification is not clean).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleChunks, range, SEALER, syntheticLog, vkeyOf } from '../test/support/evidence-bundle';
import { fmt, govconCommand, intArg, loadavg, mb, median, ratioLine, ROOT, runChild, type ChildRun } from './lib';

const ROWS = intArg('rows', 1_000_000);
const REPEAT = intArg('repeat', 3);
const SOURCES = [
  'src-main/integrity/bundle/verifier.ts',
  'src-main/domains/evidence/read-bundle.ts',
  'src-main/domains/evidence/commands.ts',
];

function summary(r: ChildRun): string {
  try {
    const j = JSON.parse(r.stdout) as { outcome: string; total: number; ok: number };
    return j.outcome === 'clean' && j.ok === ROWS ? `${fmt(j.ok)}/${fmt(j.total)} proven` : `NOT clean: ${j.outcome}, ${j.ok}/${j.total}`;
  } catch {
    return `exit ${r.code}, no JSON: ${(r.stdout + r.stderr).trim().slice(0, 300)}`;
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-evidence-bench-'));
  try {
    let t = performance.now();
    const log = syntheticLog(ROWS);
    console.log(`log         ${fmt(ROWS)} synthetic audit rows hashed into a tree in ${fmt(performance.now() - t)} ms`);
    t = performance.now();
    const file = path.join(dir, 'bundle.tar');
    const fd = fs.openSync(file, 'w');
    for (const chunk of bundleChunks(log, range(0, ROWS))) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    const size = fs.statSync(file).size;
    console.log(
      `bundle      ${mb(size)} written in ${fmt(performance.now() - t)} ms (${(size / ROWS).toFixed(0)} bytes/row, one range proof)`,
    );
    console.log(`machine     ${os.cpus().length} CPUs, node ${process.version}, ${loadavg()}`);

    const govcon = govconCommand(SOURCES);
    if (govcon.note) console.log(`note        ${govcon.note}`);
    const key = vkeyOf(SEALER);
    const standalone = path.join(ROOT, 'out/verifier/govcon-verify.mjs');
    const hasStandalone = fs.existsSync(standalone);
    await runChild('sha256sum', [file], { captureStdout: false }); // warm-up: the file into the page cache
    const ceiling: ChildRun[] = [];
    const tool: ChildRun[] = [];
    const alone: ChildRun[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const c = await runChild('sha256sum', [file], { captureStdout: false });
      const v = await runChild(govcon.argv[0]!, [...govcon.argv.slice(1), 'verify-bundle', file, '--trusted-key', key, '--json'], {
        captureStdout: true,
      });
      const s = hasStandalone
        ? await runChild(process.execPath, [standalone, file, '--trusted-key', key, '--json'], { captureStdout: true })
        : null;
      console.log(
        `run ${i + 1}       sha256sum ${fmt(c.wallMs)} ms; verify-bundle ${fmt(v.wallMs)} ms (${summary(v)}), ${mb(v.peakRss)}` +
          (s ? `; govcon-verify.mjs ${fmt(s.wallMs)} ms (${summary(s)}), ${mb(s.peakRss)}` : ''),
      );
      ceiling.push(c);
      tool.push(v);
      if (s) alone.push(s);
    }
    console.log('');
    console.log(`verify-bundle of ${fmt(ROWS)} rows (${mb(size)}), ratio = sha256sum wall time / tool wall time (target ≥ 0.33):`);
    console.log(`ceiling     sha256sum ${file}: ${fmt(median(ceiling.map((r) => r.wallMs)))} ms`);
    console.log(
      ratioLine(
        'verify-bundle',
        tool.map((r) => r.wallMs),
        ceiling.map((r) => r.wallMs),
        tool.map((r) => r.peakRss),
      ),
    );
    if (alone.length) {
      console.log(
        ratioLine(
          'standalone',
          alone.map((r) => r.wallMs),
          ceiling.map((r) => r.wallMs),
          alone.map((r) => r.peakRss),
        ),
      );
    } else console.log('standalone  out/verifier/govcon-verify.mjs not built (npm run build): skipped');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
