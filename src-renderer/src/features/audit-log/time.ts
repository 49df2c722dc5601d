/**
 * Audit times are UTC (the audit convention, and how the rows and exports hold them); the page
 * can show local time instead, and always offers the other one on hover.
 */
export type TimeZoneSetting = 'utc' | 'local';

const KEY = 'govcon.audit.timeZone';

export function loadTimeZone(): TimeZoneSetting {
  try {
    return localStorage.getItem(KEY) === 'local' ? 'local' : 'utc';
  } catch {
    return 'utc';
  }
}

export function saveTimeZone(zone: TimeZoneSetting): void {
  try {
    localStorage.setItem(KEY, zone);
  } catch {
    /* storage unavailable: the setting lasts this session */
  }
}

/** `2026-03-01 14:10:05.123456` (UTC), as stored. */
export function utcText(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '');
}

/** The same instant in the reader's time zone, to the second, with the zone's offset. */
export function localText(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} (${zone})`;
}

/** What a cell shows and its hover text, for the chosen setting. */
export function timeCell(iso: string | null, zone: TimeZoneSetting): { text: string; title: string } {
  if (!iso) return { text: '—', title: 'no created_at' };
  const utc = `${utcText(iso).slice(0, 19)} UTC`;
  const local = localText(iso);
  return zone === 'utc' ? { text: utc, title: `local: ${local}` } : { text: local, title: `UTC: ${utcText(iso)}` };
}
