/**
 * How the window writes times, durations and amounts. Timestamps arrive as ISO 8601 in UTC
 * (src-main/shared/model/users.ts) and are shown in UTC too, to the minute, as the database and
 * the exported reports have them: an auditor compares them with the rows, not with a clock.
 */

/** `2026-03-01 14:10`, or a dash for "never". */
export function formatTime(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '—';
}

/** Seconds left of a job: `42 s`, `3 min 5 s`, or a dash while unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}

/** A byte count in KiB or MiB, one decimal. */
export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** A count with the reader's digit grouping: `20,000`. */
export function formatCount(n: number): string {
  return n.toLocaleString();
}
