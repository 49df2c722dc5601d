/**
 * Signing-key files (docs/seal-format.md §10.6): an Ed25519 private key as an encrypted PKCS#8
 * PEM, preceded by three header lines naming it (format, key name, verifier key). The header is
 * a label: on use the key is decrypted and the verifier key derived from it must equal the
 * header's, else the file is refused. Also the passphrase (GOVCON_KEY_PASSPHRASE, else asked on
 * the terminal with echo off) and reading verifier keys given to a verifier.
 */
import os from 'node:os';
import type { KeyObject } from 'node:crypto';
import {
  ed25519RawPublicKey,
  exportEncryptedPrivateKeyPem,
  generateEd25519PrivateKey,
  importEncryptedPrivateKeyPem,
} from '../../integrity/note/ed25519-keys';
import { ed25519VerifierKey, parseVerifierKey, type NoteVerifierKey, formatKeyId } from '../../integrity/note/note-keys';
import { ed25519NoteSigner, type NoteSigner } from '../../integrity/note/signed-note';
import { isKeyName } from '../../integrity/note/text-rules';
import { AppError } from '../../shared/errors';
import type { CliIo } from '../../platform/cli/io';
import { readInputFile } from '../../platform/files/input-file';

export const KEY_FILE_FORMAT = 'govcon-signing-key: v1';
/** On create: long enough that 2048 PBKDF2 iterations are not the only protection. */
export const MIN_PASSPHRASE_LENGTH = 12;
const MAX_KEY_NAME = 255;

export interface SigningKey {
  name: string;
  keyId: string;
  vkey: string;
  privateKey: KeyObject;
  signer: NoteSigner;
}

/** `<host>-<user>` with anything a key name cannot hold replaced by `-`. */
export function defaultKeyName(): string {
  const raw = `${os.hostname()}-${os.userInfo().username}`;
  const name = raw.replace(/[\p{White_Space}+]/gu, '-').slice(0, MAX_KEY_NAME);
  return name || 'govcon';
}

export function checkKeyName(name: string): void {
  if (!isKeyName(name) || name.length > MAX_KEY_NAME) {
    throw new AppError('VALIDATION', `Key name ${JSON.stringify(name)}: a key name is 1 to 255 characters with no spaces and no "+".`);
  }
}

/** The key file's text for a new key. */
export function keyFileText(name: string, privateKey: KeyObject, passphrase: string): string {
  checkKeyName(name);
  const vkey = ed25519VerifierKey(name, privateKey);
  return `${KEY_FILE_FORMAT}\nname: ${name}\nvkey: ${vkey}\n${exportEncryptedPrivateKeyPem(privateKey, passphrase)}`;
}

export function newKeyFileText(name: string, passphrase: string): { text: string; vkey: string } {
  const privateKey = generateEd25519PrivateKey();
  return { text: keyFileText(name, privateKey, passphrase), vkey: ed25519VerifierKey(name, privateKey) };
}

interface KeyFileHeader {
  name: string;
  vkey: string;
  pem: string;
}

function parseHeader(text: string, file: string): KeyFileHeader {
  const lines = text.split('\n');
  const nameLine = lines[1] ?? '';
  const vkeyLine = lines[2] ?? '';
  if (lines[0] !== KEY_FILE_FORMAT || !nameLine.startsWith('name: ') || !vkeyLine.startsWith('vkey: ')) {
    throw new AppError('VALIDATION', `${file} is not a govcon signing key (it should start with "${KEY_FILE_FORMAT}").`);
  }
  return { name: nameLine.slice(6), vkey: vkeyLine.slice(6), pem: lines.slice(3).join('\n') };
}

/** The verifier key of a key file, from its header (no passphrase needed; checked against the key on use). */
export function keyFilePublic(text: string, file: string): { name: string; vkey: string } {
  const h = parseHeader(text, file);
  try {
    const key = parseVerifierKey(h.vkey);
    if (key.name !== h.name) throw new Error('name');
  } catch {
    throw new AppError('VALIDATION', `${file}: its verifier key line is malformed.`);
  }
  return { name: h.name, vkey: h.vkey };
}

/** Decrypts a key file; refuses a wrong passphrase and a header that does not match the key. */
export function openKeyFile(text: string, passphrase: string, file: string): SigningKey {
  const h = parseHeader(text, file);
  let privateKey: KeyObject;
  try {
    privateKey = importEncryptedPrivateKeyPem(h.pem, passphrase);
  } catch {
    throw new AppError('VALIDATION', `${file}: the passphrase is wrong, or the key is damaged.`);
  }
  checkKeyName(h.name);
  const vkey = ed25519VerifierKey(h.name, privateKey);
  if (vkey !== h.vkey) throw new AppError('VALIDATION', `${file}: its header names another key than the one it holds; refused.`);
  const parsed = parseVerifierKey(vkey);
  ed25519RawPublicKey(privateKey);
  return {
    name: h.name,
    keyId: formatKeyId(parsed.keyId),
    vkey,
    privateKey,
    signer: ed25519NoteSigner(h.name, privateKey),
  };
}

/** A key file's text; FILE_ERROR naming the path when it is missing, unreadable or not a regular file. */
export async function readKeyFileText(file: string): Promise<string> {
  return (await readInputFile(file)).toString('utf8');
}

/** Opens the key file given to a command, asking for its passphrase when the environment does not give it. */
export async function loadSigningKey(io: CliIo, file: string): Promise<SigningKey> {
  const text = await readKeyFileText(file);
  const { name } = keyFilePublic(text, file);
  const passphrase = await passphraseFor(io, `Passphrase of signing key ${name}: `);
  return openKeyFile(text, passphrase, file);
}

/** GOVCON_KEY_PASSPHRASE, else asked on the terminal without echo; no terminal is a usage error. */
export async function passphraseFor(io: CliIo, prompt: string, confirm = false): Promise<string> {
  const fromEnv = io.env.GOVCON_KEY_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!io.stdin.isTTY) {
    throw new AppError('VALIDATION', 'No passphrase: set GOVCON_KEY_PASSPHRASE, or run on a terminal to be asked.');
  }
  const first = await readHidden(io, prompt);
  if (confirm) {
    const again = await readHidden(io, 'Again: ');
    if (again !== first) throw new AppError('VALIDATION', 'The two passphrases differ.');
  }
  return first;
}

/** Reads one line from a terminal in raw mode, echoing nothing. */
function readHidden(io: CliIo, prompt: string): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadStream;
  io.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const wasRaw = stdin.isRaw;
    stdin.setRawMode?.(true);
    stdin.resume();
    const done = (error?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(wasRaw ?? false);
      stdin.pause();
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const c of chunk.toString('utf8')) {
        if (c === '\r' || c === '\n') return done();
        if (c === '\u0003') return done(new AppError('CANCELLED', 'Cancelled.'));
        if (c === '\u007f' || c === '\b') value = value.slice(0, -1);
        else value += c;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * The keys a verifier trusts: each `--trusted-key` value is a verifier key line, or a file of
 * them (one per line; blank lines and `#` comments skipped).
 */
export async function readTrustedKeys(values: readonly string[]): Promise<NoteVerifierKey[]> {
  const keys: NoteVerifierKey[] = [];
  for (const value of values) {
    if (looksLikeVkey(value)) {
      keys.push(parseKeyLine(value, '--trusted-key'));
      continue;
    }
    let text: string;
    try {
      text = (await readInputFile(value)).toString('utf8');
    } catch (error) {
      throw new AppError(
        'VALIDATION',
        `--trusted-key ${value}: neither a verifier key (name+hex8+base64) nor a readable file (${(error as Error).message.replace(/\.$/, '')}).`,
      );
    }
    const lines = text.split('\n').map((l) => l.trim());
    let n = 0;
    for (const line of lines) {
      if (!line || line.startsWith('#')) continue;
      keys.push(parseKeyLine(line, value));
      n++;
    }
    if (n === 0) throw new AppError('VALIDATION', `--trusted-key ${value}: the file holds no verifier key.`);
  }
  return keys;
}

function looksLikeVkey(s: string): boolean {
  return /^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(s);
}

function parseKeyLine(line: string, where: string): NoteVerifierKey {
  try {
    return parseVerifierKey(line);
  } catch (error) {
    throw new AppError('VALIDATION', `${where}: "${line}" is not a verifier key (${(error as Error).message}).`);
  }
}
