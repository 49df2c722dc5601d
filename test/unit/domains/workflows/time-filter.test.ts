import { describe, expect, it } from 'vitest';
import { timeFilter, timeRange } from '../../../../src-main/domains/workflows/time-filter';

describe('a filter time', () => {
  it('takes UTC to the minute, second or microsecond, as a TIMESTAMP parameter', () => {
    expect(timeFilter('2026-01-01T00:00Z', 'since')).toBe('2026-01-01 00:00:00.000000');
    expect(timeFilter('2026-01-01T10:20:30Z', 'since')).toBe('2026-01-01 10:20:30.000000');
    expect(timeFilter('2026-01-01T10:20:30.5Z', 'since')).toBe('2026-01-01 10:20:30.500000');
    expect(timeFilter('2026-01-01T10:20:30.123456Z', 'since')).toBe('2026-01-01 10:20:30.123456');
  });

  it('refuses a time without its Z, with a zone offset, or a day that does not exist, naming the field', () => {
    expect(() => timeFilter('2026-01-01T00:00', 'The start')).toThrow(/The start must be an ISO 8601 UTC time such as 2026-01-01T00:00Z/);
    expect(() => timeFilter('2026-01-01T00:00+02:00', 'The start')).toThrow(/UTC/);
    expect(() => timeFilter('2026-02-30T00:00Z', 'The start')).toThrow(/not a real time/);
    expect(() => timeFilter('2026-01-01T24:00Z', 'The start')).toThrow(/not a real time/);
  });

  it('orders a range and leaves open ends open', () => {
    expect(timeRange({ from: '2026-01-01T00:00Z' })).toEqual({ from: '2026-01-01 00:00:00.000000', to: null });
    expect(() => timeRange({ from: '2026-01-02T00:00Z', to: '2026-01-01T00:00Z' })).toThrow(/earlier time first/);
    expect(() => timeRange({ from: '2026-01-01T00:00Z', to: '2026-01-01T00:00Z' })).toThrow(/earlier time first/);
  });
});
