import { describe, expect, it } from 'vitest';
import { coverageOf } from '../../../../src-main/domains/dashboard/coverage';
import type { RecordedVerification } from '../../../../src-main/shared/model/dashboard';

const pass: RecordedVerification = {
  method: 'db-v1',
  at: '2030-01-01T00:00:00.000000Z',
  by: 'Ann',
  result: 'pass',
  total: 100,
  ok: 100,
  tampered: 0,
  unverifiable: 0,
};

describe("a card's coverage", () => {
  it('is unverified without a verification on record', () => {
    expect(coverageOf(5, null, null)).toEqual({ state: 'unverified', rows: 5, rowsSince: null, verification: null, notCovered: null });
  });

  it('is verified when the last verification passed over as many rows as there are now', () => {
    expect(coverageOf(100, pass, 'x')).toMatchObject({ state: 'verified', rowsSince: 0, notCovered: 'x' });
  });

  it('is partly verified when rows were added since, changed when there are fewer', () => {
    expect(coverageOf(130, pass, null)).toMatchObject({ state: 'partly', rowsSince: 30 });
    expect(coverageOf(90, pass, null)).toMatchObject({ state: 'changed', rowsSince: -10 });
  });

  it('is failed whenever the last verification found a bad row, whatever the count', () => {
    const fail = { ...pass, result: 'fail' as const, ok: 99, tampered: 1 };
    expect(coverageOf(100, fail, null).state).toBe('failed');
    expect(coverageOf(120, fail, null).state).toBe('failed');
  });
});
