/**
 * The app's own signing key: an Ed25519 key whose PKCS#8 bytes are kept only in the secret store
 * (the OS keychain through Electron's safeStorage), never in a file in clear (docs/seal-format.md §10.6).
 */
import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { generateEd25519PrivateKey } from '../../integrity/note/ed25519-keys';
import { ed25519VerifierKey, parseVerifierKey, formatKeyId } from '../../integrity/note/note-keys';
import { ed25519NoteSigner } from '../../integrity/note/signed-note';
import type { SecretStore } from '../../platform/secrets/secret-store';
import { AppError } from '../../shared/errors';
import { checkKeyName, type SigningKey } from './key-file';

/** The secret store entry the key is kept under. */
export const APP_KEY_ID = 'govcon-signing-key';

interface StoredKey {
  name: string;
  pkcs8: string;
}

async function stored(secrets: SecretStore): Promise<StoredKey | null> {
  const raw = await secrets.get(APP_KEY_ID);
  if (!raw) return null;
  const parsed = JSON.parse(raw) as StoredKey;
  return typeof parsed.name === 'string' && typeof parsed.pkcs8 === 'string' ? parsed : null;
}

export async function appKeyPublic(secrets: SecretStore): Promise<{ name: string; vkey: string } | null> {
  const key = await loadAppKey(secrets);
  return key ? { name: key.name, vkey: key.vkey } : null;
}

export async function loadAppKey(secrets: SecretStore): Promise<SigningKey | null> {
  const s = await stored(secrets);
  if (!s) return null;
  const privateKey = crypto.createPrivateKey({ key: Buffer.from(s.pkcs8, 'base64'), format: 'der', type: 'pkcs8' });
  const vkey = ed25519VerifierKey(s.name, privateKey);
  const keyId = formatKeyId(parseVerifierKey(vkey).keyId);
  return { name: s.name, keyId, vkey, privateKey, signer: ed25519NoteSigner(s.name, privateKey) };
}

export async function createAppKey(secrets: SecretStore, name: string): Promise<{ name: string; vkey: string }> {
  checkKeyName(name);
  if (await stored(secrets)) throw new AppError('CONFLICT', 'The console already has a signing key: it is not replaced.');
  const privateKey = generateEd25519PrivateKey();
  const pkcs8 = (privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64');
  await secrets.set(APP_KEY_ID, JSON.stringify({ name, pkcs8 }));
  return { name, vkey: ed25519VerifierKey(name, privateKey) };
}
