import { describe, expect, it } from 'vitest';
import { autoBucket, checkBucket, spanMs } from '../../../../src-main/domains/metrics/buckets';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('metric buckets', () => {
  it('chooses the narrowest bucket giving at most 200 points', () => {
    expect(autoBucket(3 * HOUR)).toBe('minute');
    expect(autoBucket(7 * DAY)).toBe('hour');
    expect(autoBucket(90 * DAY)).toBe('day');
    expect(autoBucket(366 * DAY)).toBe('week');
    expect(autoBucket(8 * 366 * DAY)).toBe('month');
  });

  it('keeps the bucket asked for, unless it gives more than 1,000 points', () => {
    expect(checkBucket('hour', 30 * DAY)).toBe('hour');
    expect(checkBucket(undefined, 30 * DAY)).toBe('day');
    expect(() => checkBucket('minute', 2 * DAY)).toThrow(/about 2,880 points over this range, more than 1000: choose a wider bucket/);
  });

  it('measures a span between two TIMESTAMP literals', () => {
    expect(spanMs('2030-01-01 00:00:00.000000', '2030-01-02 00:00:00.000000')).toBe(DAY);
  });
});
