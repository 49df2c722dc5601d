import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyJsonlLine } from '../../../src-main/integrity/jsonl-v1';
import { recordFigure } from '../../support/figures';
import { mutatedLines } from '../../support/jsonl-fuzz';

/**
 * The jsonl-v1 verifier against seeded mutations of the published vector lines: every input
 * gets a verdict (no exception, no hang), and a line verifies ok only when its hash matches
 * what the verifier recomputes. `npm run bench` runs the same with more inputs.
 */
const VECTORS = fs
  .readFileSync('test/fixtures/vectors/audit-v1.jsonl')
  .toString('latin1')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => Buffer.from(l, 'latin1'));
const COUNT = Number(process.env.GOVCON_FUZZ_LINES ?? 3_000);
const VERDICTS = ['ok', 'tampered', 'unverifiable', 'malformed'];

describe('jsonl-v1 verifier fuzzing', () => {
  it(`gives every one of ${COUNT.toLocaleString('en')} mutated lines a verdict, and no mutated line ok unless its hash still holds`, () => {
    const failures: string[] = [];
    const byVerdict: Record<string, number> = {};
    for (const { mutation, line } of mutatedLines(VECTORS, COUNT, 20261201)) {
      try {
        const r = verifyJsonlLine(line);
        byVerdict[r.verdict] = (byVerdict[r.verdict] ?? 0) + 1;
        if (!VERDICTS.includes(r.verdict)) failures.push(`${mutation}: verdict ${r.verdict}`);
        if (r.verdict === 'ok' && r.computed !== r.stored) failures.push(`${mutation}: ok with ${r.computed} ≠ ${r.stored}`);
        if (r.verdict !== 'ok' && !r.reason) failures.push(`${mutation}: ${r.verdict} without a reason`);
      } catch (error) {
        failures.push(`${mutation}: threw ${(error as Error).name}: ${(error as Error).message.slice(0, 200)}`);
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
    recordFigure('jsonl-verifier-fuzz', {
      what: 'Mutated jsonl-v1 lines (flips, cuts, splices, deep nesting, huge values, invalid UTF-8, NUL) given to the verifier',
      inputs: COUNT,
      failures: failures.length,
      detail: Object.entries(byVerdict)
        .map(([v, n]) => `${n} ${v}`)
        .join(', '),
    });
  }, 120_000);
});
