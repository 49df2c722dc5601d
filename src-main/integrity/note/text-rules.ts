/**
 * Character rules of c2sp.org/signed-note@v1.0.0: a signed note is valid UTF-8 with no ASCII
 * control character but newline; key names are non-empty, without Unicode spaces or '+'.
 */
import { Buffer, isUtf8 } from 'node:buffer';

/** Whether `s` holds a character below U+0020 other than U+000A. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return true;
  }
  return false;
}
// A UTF-16 surrogate without its partner has no UTF-8 encoding (it would become U+FFFD).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// "Unicode spaces": the White_Space property, the set Go's unicode.IsSpace (used by
// golang.org/x/mod/sumdb/note) tests.
const WHITE_SPACE = /\p{White_Space}/u;

/** Whether `s` can be part of a signed note (encodable as UTF-8, no control chars but \n). */
export function isNoteText(s: string): boolean {
  return !hasControl(s) && !LONE_SURROGATE.test(s);
}

/** Decodes note bytes, or null when they are not valid UTF-8 or hold a forbidden control char. */
export function decodeNoteBytes(bytes: Uint8Array): string | null {
  if (!isUtf8(bytes)) return null;
  // Buffer's decoder, unlike TextDecoder by default, keeps a leading byte-order mark: the
  // text must stay exactly the bytes that were signed.
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return hasControl(s) ? null : s;
}

/** Key names: non-empty, no Unicode space, no '+', and usable in a note (see isNoteText). */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !name.includes('+') && !WHITE_SPACE.test(name) && isNoteText(name);
}
