/** A filter's time, as typed in the window or on the command line, to a TIMESTAMP parameter. */
import { AppError } from '../../shared/errors';
import { ISO_UTC_INPUT_HINT, ISO_UTC_INPUT_RE } from '../../shared/model/time-range';

/**
 * `2026-01-01T00:00Z` (seconds and up to six decimals optional) as `2026-01-01 00:00:00.000000`,
 * for a `$n::timestamp` parameter; VALIDATION naming the field for anything else, including a
 * day that does not exist (2026-02-30), which PostgreSQL would refuse with a less helpful error.
 */
export function timeFilter(iso: string, field: string): string {
  if (!ISO_UTC_INPUT_RE.test(iso)) throw new AppError('VALIDATION', `${field} must be ${ISO_UTC_INPUT_HINT} (got "${iso.slice(0, 40)}").`);
  const [date, rest] = iso.slice(0, -1).split('T') as [string, string];
  const [hh, mm, secs = '00'] = rest.split(':') as [string, string, string?];
  const [ss, fraction = ''] = secs.split('.') as [string, string?];
  const probe = new Date(`${date}T${hh}:${mm}:${ss}Z`);
  if (Number.isNaN(probe.getTime()) || probe.toISOString().slice(0, 19) !== `${date}T${hh}:${mm}:${ss}`) {
    throw new AppError('VALIDATION', `${field} is not a real time: ${iso.slice(0, 40)}.`);
  }
  return `${date} ${hh}:${mm}:${ss}.${fraction.padEnd(6, '0')}`;
}

/** Both ends of a range, checked in order (`from` before `to`) when both are given. */
export function timeRange(range: { from?: string | null; to?: string | null }): { from: string | null; to: string | null } {
  const from = range.from ? timeFilter(range.from, 'The start of the time range') : null;
  const to = range.to ? timeFilter(range.to, 'The end of the time range') : null;
  if (from && to && from >= to) throw new AppError('VALIDATION', 'The time range ends before it starts: put the earlier time first.');
  return { from, to };
}
