import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  API_KEY_LENGTH,
  BASE62_ALPHABET,
  apiKeyChecksum,
  apiKeyDisplayPrefix,
  apiKeyHash,
  base62Decode,
  base62Fixed,
  crc32,
  formatApiKey,
  generateApiKey,
  hasValidChecksum,
  keyFormatVerdict,
} from '../../../src-main/integrity/api-key-format';

const bytes = (fill: number) => new Uint8Array(32).fill(fill);

describe('base62', () => {
  it('uses 0-9, A-Z, a-z in that order, fixed width, most significant digit first', () => {
    expect(BASE62_ALPHABET).toBe('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
    expect(base62Fixed(0n, 6)).toBe('000000');
    expect(base62Fixed(61n, 3)).toBe('00z');
    expect(base62Fixed(62n, 3)).toBe('010');
    expect(base62Fixed(2n ** 32n - 1n, 6)).toBe('4gfFC3');
    expect(base62Fixed(2n ** 256n - 1n, 43)).toHaveLength(43);
    expect(() => base62Fixed(62n ** 6n, 6)).toThrow(RangeError);
    expect(base62Decode('4gfFC3')).toBe(2n ** 32n - 1n);
    expect(base62Decode('ab-')).toBeNull();
  });
});

describe('crc32', () => {
  it('is the IEEE/zlib CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    for (let i = 0; i < 200; i++) {
      const b = crypto.randomBytes(i);
      expect(crc32(b)).toBe(zlib.crc32(b));
    }
  });
});

describe('the aiwf-v1 key format', () => {
  it('is aiwf_ + 43 base62 digits of the 32 bytes + _ + 6-digit base62 CRC-32 of what precedes', () => {
    expect(formatApiKey(bytes(0))).toBe(`aiwf_${'0'.repeat(43)}_${apiKeyChecksum(`aiwf_${'0'.repeat(43)}`)}`);
    const key = formatApiKey(bytes(0xff));
    expect(key).toMatch(/^aiwf_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
    expect(key).toHaveLength(API_KEY_LENGTH);
    expect(API_KEY_LENGTH).toBe(55);
    const head = key.slice(0, 48);
    expect(base62Decode(head.slice(5))).toBe(2n ** 256n - 1n);
    expect(base62Decode(key.slice(49))).toBe(BigInt(zlib.crc32(Buffer.from(head, 'ascii'))));
    // A fixed vector, so another implementation can check itself against this one.
    const seq = Uint8Array.from({ length: 32 }, (_, i) => i);
    const vector = formatApiKey(seq);
    expect(vector.slice(0, 48)).toBe(`aiwf_${base62Fixed(BigInt(`0x${Buffer.from(seq).toString('hex')}`), 43)}`);
    expect(hasValidChecksum(vector)).toBe(true);
  });

  it('generates distinct keys from the CSPRNG, every one valid', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey()));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(keyFormatVerdict(k)).toBe('ok');
  });

  it('rejects every one-character typo (substitution) and every adjacent swap', () => {
    const key = generateApiKey();
    let tried = 0;
    for (let i = 0; i < key.length; i++) {
      for (const c of ['0', 'A', 'z', '9', 'q', '_', '-']) {
        if (c === key[i]) continue;
        const typo = key.slice(0, i) + c + key.slice(i + 1);
        if (!typo.startsWith('aiwf_')) {
          expect(keyFormatVerdict(typo)).toBe('not-aiwf');
          continue;
        }
        expect(keyFormatVerdict(typo), `${i}:${c}`).toBe('bad-checksum');
        tried++;
      }
      if (i + 1 < key.length && key[i] !== key[i + 1]) {
        const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
        if (swapped.startsWith('aiwf_')) expect(keyFormatVerdict(swapped)).toBe('bad-checksum');
      }
    }
    expect(tried).toBeGreaterThan(300);
    // Dropped or added characters, and case changes, too.
    expect(keyFormatVerdict(key.slice(0, -1))).toBe('bad-checksum');
    expect(keyFormatVerdict(`${key}x`)).toBe('bad-checksum');
    const flip = key.slice(0, 10) + (key[10] === key[10]!.toUpperCase() ? key[10]!.toLowerCase() : key[10]!.toUpperCase()) + key.slice(11);
    if (flip !== key) expect(keyFormatVerdict(flip)).toBe('bad-checksum');
  });

  it('refuses a body above 2^256 even with a matching checksum', () => {
    const head = `aiwf_${'z'.repeat(43)}`;
    expect(hasValidChecksum(`${head}_${apiKeyChecksum(head)}`)).toBe(false);
  });

  it('leaves other strings (service keys) to the database look-up', () => {
    expect(keyFormatVerdict(crypto.randomBytes(32).toString('base64url'))).toBe('not-aiwf');
    expect(keyFormatVerdict('AIWF_looks_like_it')).toBe('not-aiwf');
  });

  it('hashes the UTF-8 bytes with SHA-256 (hex) and shows the first 12 characters', () => {
    expect(apiKeyHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(apiKeyHash('é')).toBe(
      crypto
        .createHash('sha256')
        .update(Buffer.from([0xc3, 0xa9]))
        .digest('hex'),
    );
    const key = generateApiKey();
    expect(apiKeyDisplayPrefix(key)).toBe(key.slice(0, 12));
    expect(apiKeyDisplayPrefix(key)).toMatch(/^aiwf_[0-9A-Za-z]{7}$/);
  });
});
