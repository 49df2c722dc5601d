import { describe, expect, it } from 'vitest';
import { countText } from '../../../src-renderer/src/features/audit-log/countText';

describe("the audit log's count line", () => {
  it('says an exact count as it is, and an estimate as one', () => {
    expect(countText({ value: 1, exact: true }, 1)).toBe('1 entry');
    expect(countText({ value: 400_000, exact: true }, 200)).toBe('400,000 entries');
    expect(countText({ value: 400_000, exact: false }, 200)).toBe('~400,000 entries (estimate)');
  });

  it('never says fewer entries than the page holds, when the estimate lags behind the table', () => {
    // Seen on the Audit Log page: "~2 entries (estimate)" above 19 rows.
    expect(countText({ value: 2, exact: false }, 19)).toBe("at least 19 entries (the planner's estimate, ~2, is behind)");
  });
});
