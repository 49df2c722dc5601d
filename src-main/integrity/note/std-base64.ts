/**
 * Standard base64 (RFC 4648 §4) with padding, decoded strictly. Buffer.from(s, 'base64') is
 * lenient — it accepts the URL alphabet, missing padding and stray characters — so it would
 * let several spellings of the same bytes through. Here only the canonical spelling (the one
 * encoding produces, zero pad bits included) decodes.
 */
import { Buffer } from 'node:buffer';

const FORM = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes `s` encodes, or null unless `s` is canonical standard base64. */
export function decodeStdBase64(s: string): Buffer | null {
  if (!FORM.test(s)) return null;
  const bytes = Buffer.from(s, 'base64');
  return bytes.toString('base64') === s ? bytes : null;
}

export function encodeStdBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
