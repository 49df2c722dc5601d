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

/** `2026-03-01 14:10:05`: to the second, UTC as stored. */
export function formatSeconds(iso: string | null): string {
  return iso ? iso.slice(0, 19).replace('T', ' ') : '—';
}

/** A duration in seconds as a person reads it: `850 ms`, `42.5 s`, `3 min 5 s`, `2 h 4 min`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${Number(seconds.toFixed(1))} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.floor(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** A percentage with one decimal: `86.4 %`. */
export function formatPct(pct: number | null): string {
  return pct === null ? '—' : `${pct.toFixed(1)} %`;
}
