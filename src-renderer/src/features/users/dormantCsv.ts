import { LIMITS } from '../../../../src-main/shared/limits';
import type { DormantReport, DormantUserDto } from '../../../../src-main/shared/model/users';
import { callOrToast } from '../../api/callOrToast';
import { toCsv } from '../../ui/csv';
import type { ReportFile } from '../../../../src-main/shared/model/app';

/**
 * The whole dormant-accounts report as CSV: every page of it (not only the rows loaded on screen),
 * read at the largest page size, one row per user. Null when a page failed (the error was shown).
 */
export async function dormantReportCsv(days: number): Promise<ReportFile | null> {
  const rows: DormantUserDto[] = [];
  let cursor: string | null = null;
  let cutoff = '';
  for (;;) {
    const page: DormantReport | null = await callOrToast('users/dormant', { days, limit: LIMITS.dormantPageSize.max, cursor });
    if (!page) return null;
    cutoff = page.cutoff;
    rows.push(...page.rows);
    if (!page.hasMore || !page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const content = toCsv(
    ['email', 'name', 'role', 'last_seen_at', 'last_login_at', 'last_key_used_at', 'keys', 'created_at', 'id'],
    rows.map((u) => [u.email, u.name, u.role, u.lastSeenAt, u.lastLoginAt, u.lastKeyUsedAt, u.keyCount, u.createdAt, u.id]),
  );
  return { fileName: `dormant-users-${days}d-before-${cutoff.slice(0, 10)}.csv`, mimeType: 'text/csv', content };
}
