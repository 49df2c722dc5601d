/**
 * Timestamps as Python's naive `datetime` prints them, from the texts the integrity formats
 * start with. Python's datetime covers years 0001–9999 with microsecond precision:
 * - `isoformat()`: `YYYY-MM-DDTHH:MM:SS`, plus `.ffffff` (six digits) unless microsecond is 0;
 * - `str()`: the same with a space instead of the `T`.
 */

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Zeros that pad a fraction of `k` digits to six (index k). */
const FRACTION_PAD = ['', '00000', '0000', '000', '00', '0', ''];

/** The two-digit number at a and a + 1, or -1 when either is not a digit. */
function twoDigits(s: string, a: number): number {
  const hi = s.charCodeAt(a) - 48;
  const lo = s.charCodeAt(a + 1) - 48;
  return hi >= 0 && hi <= 9 && lo >= 0 && lo <= 9 ? hi * 10 + lo : -1;
}

/**
 * Reads `YYYY-MM-DD<sep>HH:MM:SS` with an optional `.` and 1–6 fraction digits, checks that
 * it is a date and time Python's datetime can hold (year 0001–9999, real month and day,
 * hour 00–23, minute and second 00–59), and writes it back with `outSep` between date and
 * time and the fraction as Python prints microseconds. Null when the text is anything else.
 * (It runs once per row of verify-db: no loops over tables, one concatenation.)
 */
function normalise(text: string, sep: number, outSep: string): string | null {
  const n = text.length;
  if (n !== 19 && (n < 21 || n > 26)) return null;
  if (
    text.charCodeAt(4) !== 0x2d ||
    text.charCodeAt(7) !== 0x2d ||
    text.charCodeAt(10) !== sep ||
    text.charCodeAt(13) !== 0x3a ||
    text.charCodeAt(16) !== 0x3a
  ) {
    return null;
  }
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  if (second < 0 || second > 59) return null;
  const year = century * 100 + yy;
  if (year < 1) return null;
  if (day > (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month]!)) return null;
  if (n === 19) return text.slice(0, 10) + outSep + text.slice(11);
  if (text.charCodeAt(19) !== 0x2e) return null;
  let allZero = true;
  for (let i = 20; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    if (c !== 48) allZero = false;
  }
  if (allZero) return text.slice(0, 10) + outSep + text.slice(11, 19);
  return text.slice(0, 10) + outSep + text.slice(11) + FRACTION_PAD[n - 20]!;
}

/**
 * A `timestamp` as PostgreSQL prints it (DateStyle ISO: `2026-01-02 03:04:05.12`) to
 * Python's `isoformat()` (`2026-01-02T03:04:05.120000`). Null when Python cannot hold it or
 * it is not in that form: `infinity`, `-infinity`, BC dates (`… BC`), years above 9999,
 * another DateStyle.
 */
export function pgTimestampToIsoformat(text: string): string | null {
  return normalise(text, 0x20, 'T');
}

/**
 * A log line's `timestamp` (`YYYY-MM-DDTHH:MM:SS` with an optional 1–6 digit fraction) to
 * `str(datetime)`: a space for the `T`, the fraction padded to six digits, or dropped when
 * all zeros. Null when the text is not of that form or not a real date and time.
 */
export function isoTimestampToPyStr(text: string): string | null {
  return normalise(text, 0x54, ' ');
}
