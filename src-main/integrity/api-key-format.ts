import crypto from 'node:crypto';

/**
 * The console's API key format, `aiwf-v1` — pure code, no I/O (randomness is injectable).
 *
 *   aiwf_<body>_<checksum>        55 ASCII characters in all
 *
 * - `aiwf_`: a fixed prefix, so secret scanners can recognise leaked keys.
 * - `<body>`: 32 random bytes read as one unsigned big-endian 256-bit integer, written in
 *   base62 with exactly 43 digits, most significant first, left-padded with `0`
 *   (62^43 > 2^256, so 43 digits always suffice and every body has the same length).
 * - `_`: a separator.
 * - `<checksum>`: CRC-32 (IEEE 802.3 / zlib / PKZIP: reflected polynomial 0xEDB88320, initial
 *   value 0xFFFFFFFF, final XOR 0xFFFFFFFF; CRC-32 of "123456789" is 0xCBF43926) of the ASCII
 *   bytes of `aiwf_<body>` — the 48 characters before the separator — as an unsigned 32-bit
 *   integer written in base62 with exactly 6 digits, left-padded with `0` (62^6 > 2^32).
 *
 * Base62 alphabet, digit values 0 to 61 in this order: `0-9`, then `A-Z`, then `a-z`
 * (`0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz`).
 *
 * What the database keeps: `key_hash` = lowercase hex SHA-256 of the key's UTF-8 bytes (the
 * service's rule, for any key string), and the display prefix = the first 12 characters
 * (`aiwf_` + 7 body characters, about 42 of the 256 random bits), never the rest.
 *
 * A string that starts with `aiwf_` is judged by this format: wrong length, a character
 * outside the alphabet or a checksum that does not match is `bad-checksum`, decided without
 * a database look-up. Any other string (keys the service created, e.g. 43 url-safe
 * characters) is only ever hashed and looked up.
 */

export const API_KEY_PREFIX = 'aiwf_';
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const API_KEY_RANDOM_BYTES = 32;
export const API_KEY_BODY_LENGTH = 43;
export const API_KEY_CHECKSUM_LENGTH = 6;
/** 5 + 43 + 1 + 6. */
export const API_KEY_LENGTH = API_KEY_PREFIX.length + API_KEY_BODY_LENGTH + 1 + API_KEY_CHECKSUM_LENGTH;
export const API_KEY_DISPLAY_PREFIX_LENGTH = 12;
export const API_KEY_FORMAT = 'aiwf-v1';

const SHAPE = new RegExp(`^${API_KEY_PREFIX}([0-9A-Za-z]{${API_KEY_BODY_LENGTH}})_([0-9A-Za-z]{${API_KEY_CHECKSUM_LENGTH}})$`);

/** `value` in base62, exactly `width` digits (left-padded with `0`); throws if it does not fit. */
export function base62Fixed(value: bigint, width: number): string {
  if (value < 0n) throw new RangeError('base62Fixed: negative value');
  let v = value;
  let out = '';
  while (v > 0n) {
    out = BASE62_ALPHABET[Number(v % 62n)] + out;
    v /= 62n;
  }
  if (out.length > width) throw new RangeError(`base62Fixed: value needs ${out.length} digits, more than ${width}`);
  return out.padStart(width, BASE62_ALPHABET[0]);
}

/** The value of a base62 string; null when it holds a character outside the alphabet. */
export function base62Decode(text: string): bigint | null {
  let v = 0n;
  for (const ch of text) {
    const d = BASE62_ALPHABET.indexOf(ch);
    if (d < 0) return null;
    v = v * 62n + BigInt(d);
  }
  return v;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE, as zlib's crc32) of bytes, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The 6-character checksum of `aiwf_<body>` (ASCII). */
export function apiKeyChecksum(head: string): string {
  return base62Fixed(BigInt(crc32(new TextEncoder().encode(head))), API_KEY_CHECKSUM_LENGTH);
}

/** The key for 32 given random bytes (deterministic: for tests and vectors). */
export function formatApiKey(random: Uint8Array): string {
  if (random.length !== API_KEY_RANDOM_BYTES) throw new RangeError(`formatApiKey needs exactly ${API_KEY_RANDOM_BYTES} bytes`);
  let value = 0n;
  for (const b of random) value = (value << 8n) | BigInt(b);
  const head = API_KEY_PREFIX + base62Fixed(value, API_KEY_BODY_LENGTH);
  return `${head}_${apiKeyChecksum(head)}`;
}

/** A new key from the operating system's CSPRNG (or the source given). */
export function generateApiKey(randomBytes: (n: number) => Uint8Array = (n) => crypto.randomBytes(n)): string {
  return formatApiKey(randomBytes(API_KEY_RANDOM_BYTES));
}

/** Whether the string claims the console's format (starts with `aiwf_`). */
export function isAiwfKey(key: string): boolean {
  return key.startsWith(API_KEY_PREFIX);
}

/**
 * For a string starting with `aiwf_`: true when it has the exact shape and its checksum
 * matches. The body must also be a 256-bit value (43 base62 digits can hold a little more).
 */
export function hasValidChecksum(key: string): boolean {
  const m = SHAPE.exec(key);
  if (!m) return false;
  const body = base62Decode(m[1]!);
  if (body === null || body >= 1n << 256n) return false;
  return apiKeyChecksum(API_KEY_PREFIX + m[1]!) === m[2];
}

export type KeyFormatVerdict = 'ok' | 'bad-checksum' | 'not-aiwf';

/** `ok` (aiwf_ and checksum right), `bad-checksum` (aiwf_ but wrong), `not-aiwf` (anything else). */
export function keyFormatVerdict(key: string): KeyFormatVerdict {
  if (!isAiwfKey(key)) return 'not-aiwf';
  return hasValidChecksum(key) ? 'ok' : 'bad-checksum';
}

/** The lowercase hex SHA-256 of the key's UTF-8 bytes: what `api_keys.key_hash` holds. */
export function apiKeyHash(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The display prefix stored in metadata.prefix: the first 12 characters. */
export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, API_KEY_DISPLAY_PREFIX_LENGTH);
}
