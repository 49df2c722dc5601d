/**
 * The fuzz test's long mode (docs/reliability.md): many more seeded mutations of the vector
 * lines through the jsonl-v1 verifier than `npm test` gives it, with the count tried, what
 * they became, the rate, and any input that threw. Prints figures only.
 *
 *   npx tsx bench/fuzz.ts [--lines N] [--seed N]
 */
import fs from 'node:fs';
import path from 'node:path';
import { verifyJsonlLine } from '../src-main/integrity/jsonl-v1';
import { mutatedLines } from '../test/support/jsonl-fuzz';
import { intArg, ROOT } from './lib';

const LINES = intArg('lines', 100_000);
const SEED = intArg('seed', 1);

const vectors = fs
  .readFileSync(path.join(ROOT, 'test/fixtures/vectors/audit-v1.jsonl'))
  .toString('latin1')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => Buffer.from(l, 'latin1'));

const verdicts: Record<string, number> = {};
const threw: string[] = [];
let bytes = 0;
const started = performance.now();
for (const { mutation, line } of mutatedLines(vectors, LINES, SEED)) {
  bytes += line.length;
  try {
    const r = verifyJsonlLine(line);
    verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
  } catch (error) {
    threw.push(`${mutation}: ${(error as Error).message.slice(0, 120)}`);
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(`fuzz: ${LINES.toLocaleString('en')} mutated lines (seed ${SEED}, ${(bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s`);
console.log(
  `  verdicts: ${Object.entries(verdicts)
    .map(([v, n]) => `${n.toLocaleString('en')} ${v}`)
    .join(', ')}`,
);
console.log(`  inputs that threw: ${threw.length}${threw.length ? `\n    ${threw.slice(0, 10).join('\n    ')}` : ''}`);
