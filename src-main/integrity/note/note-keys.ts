/**
 * Key IDs, verifier keys ("vkeys") and signer keys of c2sp.org/signed-note@v1.0.0 for
 * Ed25519 (signature type 0x01), in the exact text forms golang.org/x/mod/sumdb/note uses:
 *
 *   key ID     = first 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)
 *   vkey       = <name>+<key ID as 8 lowercase hex>+<std base64 of 0x01 ‖ public key>
 *   signer key = PRIVATE+KEY+<name>+<key ID hex>+<std base64 of 0x01 ‖ 32-byte seed>
 *
 * The signer key form holds the private key in the clear; it is here to read published test
 * keys and for tests, not for storing real keys (see ed25519-keys.ts for encrypted PEM).
 */
import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { ed25519PrivateKeyFromSeed, ed25519PublicKeyFromRaw, ed25519RawPublicKey, ed25519Seed } from './ed25519-keys';
import { NoteKeyError } from './errors';
import { decodeStdBase64, encodeStdBase64 } from './std-base64';
import { isKeyName } from './text-rules';

export const ED25519_SIGNATURE_TYPE = 0x01;
const KEY_ID_HEX = /^[0-9a-f]{8}$/;

/** A trusted key, ready to check signatures. */
export interface NoteVerifierKey {
  readonly name: string;
  /** The 32-bit key ID as an unsigned number. */
  readonly keyId: number;
  /** Signature type byte (0x01: Ed25519). */
  readonly type: number;
  /** The public key material after the type byte (32 bytes for Ed25519). */
  readonly publicKey: Buffer;
  /** The vkey text. */
  readonly vkey: string;
  /** Whether `signature` (without the 4-byte key ID) signs `message` under this key. */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4] as a big-endian uint32. */
export function noteKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const h = crypto.createHash('sha256').update(name, 'utf8').update(Buffer.of(0x0a, type)).update(publicKey).digest();
  return h.readUInt32BE(0);
}

/** A key ID as signed notes write it: 8 lowercase hex digits. */
export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** The vkey line for an Ed25519 public key (or the public half of a private key). */
export function ed25519VerifierKey(name: string, key: KeyObject | Uint8Array): string {
  if (!isKeyName(name)) throw new NoteKeyError(`invalid key name ${JSON.stringify(name)}`);
  const pub = key instanceof Uint8Array ? checkedRaw(key) : ed25519RawPublicKey(key);
  const material = Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), pub]);
  return `${name}+${formatKeyId(noteKeyId(name, ED25519_SIGNATURE_TYPE, pub))}+${encodeStdBase64(material)}`;
}

/** Parses a vkey; throws NoteKeyError when it is malformed, of an unknown type or its ID does not match. */
export function parseVerifierKey(vkey: string): NoteVerifierKey {
  // The name and the ID cannot hold '+'; base64 can, so only the first two split.
  const parts = cut(vkey, 2);
  if (parts === null) throw new NoteKeyError('malformed verifier key');
  const [name, idHex, b64] = parts;
  if (!isKeyName(name) || !KEY_ID_HEX.test(idHex)) throw new NoteKeyError('malformed verifier key');
  const material = decodeStdBase64(b64);
  if (material === null || material.length === 0) throw new NoteKeyError('malformed verifier key');
  const [type, publicKey] = [material[0], material.subarray(1)];
  const keyId = Number.parseInt(idHex, 16);
  if (noteKeyId(name, type, publicKey) !== keyId) throw new NoteKeyError('verifier key ID does not match its name and key');
  if (type !== ED25519_SIGNATURE_TYPE) throw new NoteKeyError(`unsupported signature type ${typeByte(type)}`);
  if (publicKey.length !== 32) throw new NoteKeyError('malformed verifier key');
  const keyObject = ed25519PublicKeyFromRaw(publicKey);
  return {
    name,
    keyId,
    type,
    publicKey,
    vkey,
    verify: (message, signature) => signature.length === 64 && crypto.verify(null, message, keyObject, signature),
  };
}

export interface NoteSignerKey {
  readonly name: string;
  readonly keyId: number;
  readonly privateKey: KeyObject;
  /** The matching vkey. */
  readonly vkey: string;
}

/** The Go signer key text (`PRIVATE+KEY+…`) of an Ed25519 private key or 32-byte seed. */
export function formatSignerKey(name: string, key: KeyObject | Uint8Array): string {
  if (!isKeyName(name)) throw new NoteKeyError(`invalid key name ${JSON.stringify(name)}`);
  const privateKey = key instanceof Uint8Array ? ed25519PrivateKeyFromSeed(key) : key;
  const keyId = noteKeyId(name, ED25519_SIGNATURE_TYPE, ed25519RawPublicKey(privateKey));
  const material = Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), ed25519Seed(privateKey)]);
  return `PRIVATE+KEY+${name}+${formatKeyId(keyId)}+${encodeStdBase64(material)}`;
}

/** Parses a Go signer key; the key ID must match the public key derived from the seed. */
export function parseSignerKey(skey: string): NoteSignerKey {
  const parts = cut(skey, 4);
  if (parts === null) throw new NoteKeyError('malformed signer key');
  const [p1, p2, name, idHex, b64] = parts;
  if (p1 !== 'PRIVATE' || p2 !== 'KEY' || !isKeyName(name) || !KEY_ID_HEX.test(idHex)) {
    throw new NoteKeyError('malformed signer key');
  }
  const material = decodeStdBase64(b64);
  if (material === null || material.length === 0) throw new NoteKeyError('malformed signer key');
  if (material[0] !== ED25519_SIGNATURE_TYPE) throw new NoteKeyError(`unsupported signature type ${typeByte(material[0])}`);
  if (material.length !== 33) throw new NoteKeyError('malformed signer key');
  const privateKey = ed25519PrivateKeyFromSeed(material.subarray(1));
  const keyId = Number.parseInt(idHex, 16);
  if (noteKeyId(name, ED25519_SIGNATURE_TYPE, ed25519RawPublicKey(privateKey)) !== keyId) {
    throw new NoteKeyError('signer key ID does not match its name and key');
  }
  return { name, keyId, privateKey, vkey: ed25519VerifierKey(name, privateKey) };
}

/** Splits at the first `n` '+' characters (null when there are fewer); the last part keeps any further '+'. */
function cut(s: string, n: number): string[] | null {
  const parts: string[] = [];
  let rest = s;
  for (let i = 0; i < n; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return null;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

function typeByte(type: number): string {
  return `0x${type.toString(16).padStart(2, '0')}`;
}

function checkedRaw(raw: Uint8Array): Buffer {
  ed25519PublicKeyFromRaw(raw); // throws unless 32 bytes OpenSSL takes as a key
  return Buffer.from(raw);
}
