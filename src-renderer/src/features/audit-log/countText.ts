import type { AuditCountDto } from '../../../../src-main/shared/model/audit-log';
import { formatCount } from '../../ui/format';

const entries = (n: number) => `${formatCount(n)} ${n === 1 ? 'entry' : 'entries'}`;

/**
 * The count line. The planner's estimate can lag far behind a table the service keeps writing
 * (statistics are as old as the last ANALYZE): never show fewer than the rows the page holds.
 */
export function countText(count: AuditCountDto, held: number): string {
  if (count.exact) return entries(count.value);
  if (count.value < held) return `at least ${entries(held)} (the planner's estimate, ~${formatCount(count.value)}, is behind)`;
  return `~${entries(count.value)} (estimate)`;
}
