import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { ed25519Seed } from '../../../../src-main/integrity/note/ed25519-keys';
import { NoteKeyError } from '../../../../src-main/integrity/note/errors';
import {
  ed25519VerifierKey,
  formatKeyId,
  formatSignerKey,
  noteKeyId,
  parseSignerKey,
  parseVerifierKey,
} from '../../../../src-main/integrity/note/note-keys';
import { c2spExamples, goVectors } from './fixtures';

/** Every proper substring and every one-character increment of `s` (golang.org/x/mod's mangling idea). */
function* manglings(s: string): Generator<string> {
  for (let i = 0; i <= s.length; i++) for (let j = i + 1; j <= s.length; j++) if (i !== 0 || j !== s.length) yield s.slice(i, j);
  for (let i = 0; i < s.length; i++) yield s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) + 1) + s.slice(i + 1);
}

describe('note keys', () => {
  const go = goVectors();

  it('derives the published verifier key and key ID from the published signer key', () => {
    const signer = parseSignerKey(go.peterSignerKey);
    expect(signer.name).toBe('PeterNeumann');
    expect(formatKeyId(signer.keyId)).toBe('c74f20a3');
    expect(signer.vkey).toBe(go.peterVerifierKey);
    expect(ed25519VerifierKey('PeterNeumann', signer.privateKey)).toBe(go.peterVerifierKey);
    // And writes the signer key back byte for byte, from the key or from its seed.
    expect(formatSignerKey('PeterNeumann', signer.privateKey)).toBe(go.peterSignerKey);
    expect(formatSignerKey('PeterNeumann', ed25519Seed(signer.privateKey))).toBe(go.peterSignerKey);
  });

  it('parses the published verifier keys and recomputes their IDs', () => {
    for (const vkey of [go.peterVerifierKey, go.enochVerifierKey, c2spExamples().signedNoteExample.verifierKey]) {
      const k = parseVerifierKey(vkey);
      expect(k.type).toBe(1);
      expect(k.publicKey).toHaveLength(32);
      expect(`${k.name}+${formatKeyId(k.keyId)}+${Buffer.concat([Buffer.of(1), k.publicKey]).toString('base64')}`).toBe(vkey);
      expect(ed25519VerifierKey(k.name, k.publicKey)).toBe(vkey);
      expect(noteKeyId(k.name, 1, k.publicKey)).toBe(k.keyId);
    }
  });

  it('computes the key ID as SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4]', () => {
    const k = parseVerifierKey(go.peterVerifierKey);
    const h = crypto
      .createHash('sha256')
      .update(Buffer.concat([Buffer.from('PeterNeumann\n'), Buffer.of(1), k.publicKey]))
      .digest();
    expect(h.subarray(0, 4).toString('hex')).toBe('c74f20a3');
  });

  it('refuses every mangling of a verifier key', () => {
    for (const bad of manglings(go.peterVerifierKey)) expect(() => parseVerifierKey(bad), bad).toThrow(NoteKeyError);
  });

  it('refuses every mangling of a signer key', () => {
    for (const bad of manglings(go.peterSignerKey)) expect(() => parseSignerKey(bad), bad).toThrow(NoteKeyError);
  });

  it.each(goVectors().badVerifierKeys)('refuses $vkey ($why)', ({ vkey }) => {
    expect(() => parseVerifierKey(vkey)).toThrow(NoteKeyError);
  });

  it('says an unknown signature type is unsupported (its ID is right)', () => {
    const [, unknownType] = go.badVerifierKeys;
    expect(() => parseVerifierKey(unknownType.vkey)).toThrow(/unsupported signature type 0x65/);
  });

  it('insists on the spec’s lowercase hex key ID and canonical base64 (Go would take "C74F20A3")', () => {
    expect(() => parseVerifierKey(go.peterVerifierKey.replace('c74f20a3', 'C74F20A3'))).toThrow(NoteKeyError);
    const seedKey = go.peterSignerKey;
    expect(() => parseSignerKey(seedKey.replace('c74f20a3', 'C74F20A3'))).toThrow(NoteKeyError);
    // A 33-byte key is 44 base64 characters, no padding: dropping one leaves non-canonical input.
    expect(() => parseVerifierKey(go.peterVerifierKey.slice(0, -1) + '=')).toThrow(NoteKeyError);
  });

  it('applies the key name rules: non-empty, no Unicode space, no "+"', () => {
    const pub = parseVerifierKey(go.peterVerifierKey).publicKey;
    for (const name of ['', 'a b', 'a+b', 'a\tb', 'a\u00a0b', 'a\u2003b', 'a\u3000b', 'a\u0085b', 'a\nb', 'a\u0001b', '\ud800']) {
      expect(() => ed25519VerifierKey(name, pub), JSON.stringify(name)).toThrow(NoteKeyError);
    }
    for (const name of ['example.com/log', 'café.example/ключ', 'a\u200bb' /* zero-width space is not White_Space */]) {
      expect(parseVerifierKey(ed25519VerifierKey(name, pub)).name).toBe(name);
    }
  });

  it('refuses keys of the wrong size', () => {
    expect(() => ed25519VerifierKey('x', Buffer.alloc(31))).toThrow(NoteKeyError);
    expect(() => formatSignerKey('x', Buffer.alloc(33))).toThrow(NoteKeyError);
  });
});
