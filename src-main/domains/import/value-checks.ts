/**
 * Checks on single values a line gives, as PostgreSQL would make them on the column: text it
 * can store, characters as varchar(n) counts them, what fits numeric(10,3), and uuid input.
 * Pure; map-line.ts applies them column by column.
 */

/**
 * Why PostgreSQL cannot store this decoded string (text columns and jsonb alike), or null:
 * U+0000, or an unpaired surrogate. One definition with the IPC contract's (shared/contract/common.ts).
 */
export { unstorableText } from '../../shared/contract/common';

/** Characters (code points), as varchar(n) counts them. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

const DECIMAL = /^-?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Whether a finite decimal (Python's repr of a float, or an integer's text) fits
 * numeric(10,3) once PostgreSQL has rounded it to 3 decimals (half away from zero): at
 * most 7 integer digits, so below 9999999.9995 in magnitude.
 */
export function fitsNumeric10_3(decimal: string): boolean {
  const m = DECIMAL.exec(decimal);
  if (!m) return false;
  const all = m[1]! + (m[2] ?? '');
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead);
  if (digits === '') return true; // zero
  // value = 0.<digits> × 10^point
  const point = m[1]!.length - lead + Number(m[3] ?? 0);
  if (point !== 7) return point < 7;
  return digits.padEnd(11, '0').slice(0, 11) < '99999999995';
}

/**
 * A uuid as PostgreSQL reads it (32 hex digits, a hyphen allowed after any group of four,
 * optionally in braces), written as PostgreSQL prints it; null when it is not one.
 */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function normaliseUuid(s: string): string | null {
  if (CANONICAL_UUID.test(s)) return s;
  let body = s;
  if (body.startsWith('{')) {
    if (!body.endsWith('}')) return null;
    body = body.slice(1, -1);
  }
  if (body.length < 32 || body.length > 39) return null;
  let hex = '';
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) {
      hex += body[i];
    } else if (c === 0x2d && hex.length % 4 === 0 && hex.length > 0 && hex.length < 32 && body.charCodeAt(i - 1) !== 0x2d) {
      continue;
    } else {
      return null;
    }
  }
  if (hex.length !== 32) return null;
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
