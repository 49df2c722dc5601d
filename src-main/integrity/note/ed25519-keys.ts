/**
 * Ed25519 keys as node:crypto KeyObjects, and the raw forms signed notes use: the 32-byte
 * public key (RFC 8032) and the 32-byte private seed.
 *
 * Encrypted PEM: PKCS#8 `ENCRYPTED PRIVATE KEY`, encrypted by OpenSSL through node:crypto with
 * PBES2 = PBKDF2-HMAC-SHA256 + AES-256-CBC. node:crypto does not let the caller choose the
 * PBKDF2 iteration count (OpenSSL 3 writes 2048), so the passphrase itself has to be strong.
 */
import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { NoteKeyError } from './errors';

// DER prefixes of the two fixed-size Ed25519 encodings (RFC 8410): the key bytes follow.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const KEY_SIZE = 32;

export function generateEd25519PrivateKey(): KeyObject {
  return crypto.generateKeyPairSync('ed25519').privateKey;
}

/** The private key whose RFC 8032 seed is `seed` (32 bytes). */
export function ed25519PrivateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== KEY_SIZE) throw new NoteKeyError('an Ed25519 seed is 32 bytes');
  return crypto.createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The public key whose RFC 8032 encoding is `raw` (32 bytes). */
export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== KEY_SIZE) throw new NoteKeyError('an Ed25519 public key is 32 bytes');
  try {
    return crypto.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    throw new NoteKeyError('not an Ed25519 public key');
  }
}

/** The 32-byte public key of an Ed25519 private or public key. */
export function ed25519RawPublicKey(key: KeyObject): Buffer {
  assertEd25519(key);
  const pub = key.type === 'private' ? crypto.createPublicKey(key) : key;
  return pub.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

/** The 32-byte seed of an Ed25519 private key. */
export function ed25519Seed(privateKey: KeyObject): Buffer {
  assertEd25519(privateKey);
  if (privateKey.type !== 'private') throw new NoteKeyError('need a private key');
  return privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
}

/** The private key as an encrypted PKCS#8 PEM (see the module comment for the cipher). */
export function exportEncryptedPrivateKeyPem(privateKey: KeyObject, passphrase: string): string {
  assertEd25519(privateKey);
  if (privateKey.type !== 'private') throw new NoteKeyError('need a private key');
  if (passphrase.length === 0) throw new NoteKeyError('the passphrase must not be empty');
  return privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase }) as string;
}

/**
 * Reads an encrypted PKCS#8 PEM written by exportEncryptedPrivateKeyPem (or `openssl pkcs8
 * -topk8 -v2 aes-256-cbc`). An unencrypted PEM is refused, so that a key stored in the clear
 * is noticed rather than silently accepted.
 */
export function importEncryptedPrivateKeyPem(pem: string, passphrase: string): KeyObject {
  if (!/^-----BEGIN ENCRYPTED PRIVATE KEY-----\r?\n/.test(pem.trimStart())) {
    throw new NoteKeyError('not an encrypted PKCS#8 PEM (-----BEGIN ENCRYPTED PRIVATE KEY-----)');
  }
  let key: KeyObject;
  try {
    key = crypto.createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch {
    throw new NoteKeyError('cannot decrypt the private key (wrong passphrase or damaged PEM)');
  }
  assertEd25519(key);
  return key;
}

function assertEd25519(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'ed25519') throw new NoteKeyError(`need an Ed25519 key, got ${key.asymmetricKeyType ?? key.type}`);
}
