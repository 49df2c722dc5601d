import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ed25519PrivateKeyFromSeed,
  ed25519PublicKeyFromRaw,
  ed25519RawPublicKey,
  ed25519Seed,
  exportEncryptedPrivateKeyPem,
  generateEd25519PrivateKey,
  importEncryptedPrivateKeyPem,
} from '../../../../src-main/integrity/note/ed25519-keys';
import { NoteKeyError } from '../../../../src-main/integrity/note/errors';

describe('Ed25519 key helpers', () => {
  it('round-trips seeds and raw public keys', () => {
    const key = generateEd25519PrivateKey();
    const seed = ed25519Seed(key);
    expect(seed).toHaveLength(32);
    const again = ed25519PrivateKeyFromSeed(seed);
    const raw = ed25519RawPublicKey(again);
    expect(raw).toHaveLength(32);
    expect(raw.equals(ed25519RawPublicKey(key))).toBe(true);
    expect(raw.equals(ed25519RawPublicKey(crypto.createPublicKey(key)))).toBe(true);
    const sig = crypto.sign(null, Buffer.from('m'), again);
    expect(crypto.verify(null, Buffer.from('m'), ed25519PublicKeyFromRaw(raw), sig)).toBe(true);
  });

  it('matches RFC 8032 test 1 (seed → public key, deterministic signature)', () => {
    // RFC 8032 §7.1, TEST 1 (empty message).
    const key = ed25519PrivateKeyFromSeed(Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex'));
    expect(ed25519RawPublicKey(key).toString('hex')).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    expect(crypto.sign(null, Buffer.alloc(0), key).toString('hex')).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
  });

  it('exports and imports an encrypted PKCS#8 PEM', () => {
    const key = generateEd25519PrivateKey();
    const pem = exportEncryptedPrivateKeyPem(key, 'correct horse battery staple');
    expect(pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----\n')).toBe(true);
    const back = importEncryptedPrivateKeyPem(pem, 'correct horse battery staple');
    expect(ed25519Seed(back).equals(ed25519Seed(key))).toBe(true);
    expect(() => importEncryptedPrivateKeyPem(pem, 'wrong')).toThrow(NoteKeyError);
    expect(() => exportEncryptedPrivateKeyPem(key, '')).toThrow(NoteKeyError);
  });

  it('refuses unencrypted PEMs, public keys and other key types', () => {
    const key = generateEd25519PrivateKey();
    const plain = key.export({ format: 'pem', type: 'pkcs8' }) as string;
    expect(() => importEncryptedPrivateKeyPem(plain, 'x')).toThrow(/not an encrypted PKCS#8 PEM/);
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const ecPem = ec.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string;
    expect(() => importEncryptedPrivateKeyPem(ecPem, 'pw')).toThrow(/need an Ed25519 key, got ec/);
    expect(() => ed25519Seed(crypto.createPublicKey(key))).toThrow(NoteKeyError);
    expect(() => exportEncryptedPrivateKeyPem(crypto.createPublicKey(key), 'pw')).toThrow(NoteKeyError);
    expect(() => ed25519RawPublicKey(ec)).toThrow(NoteKeyError);
    expect(() => ed25519PrivateKeyFromSeed(Buffer.alloc(31))).toThrow(NoteKeyError);
    expect(() => ed25519PublicKeyFromRaw(Buffer.alloc(33))).toThrow(NoteKeyError);
  });
});
