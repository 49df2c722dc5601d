import crypto from 'node:crypto';

/** Lowercase hex SHA-256 of the UTF-8 bytes of a string (one-shot `crypto.hash`, Node >= 20.12). */
export function sha256Hex(text: string): string {
  return crypto.hash('sha256', text, 'hex');
}
