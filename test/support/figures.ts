/**
 * Figures for docs/reliability.md: a test that tries many inputs (or faults) records how many
 * it tried and how many failures it reproduced, in its own task's `meta`. Vitest's JSON report
 * carries `meta` with every test, so scripts/reliability-report.mjs builds the document from a
 * test run's JSON output, never from numbers typed by hand.
 */
import { TestRunner } from 'vitest';

export interface Figure {
  /** What was tried, in words. */
  what: string;
  /** Inputs tried, faults injected, kills made… */
  inputs: number;
  /** How many of those the code under test got wrong (the test fails unless it is 0). */
  failures: number;
  /** Anything the figure needs to be read right (sizes, counts of fields, time). */
  detail?: string;
}

declare module 'vitest' {
  interface TaskMeta {
    figure?: Figure & { id: string };
  }
}

/** Records the running test's figure; call it once, after the test's assertions. */
export function recordFigure(id: string, figure: Figure): void {
  const test = TestRunner.getCurrentTest();
  if (!test) throw new Error('recordFigure must be called inside a test');
  test.meta.figure = { id, ...figure };
}
