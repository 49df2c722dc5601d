/**
 * c2sp.org/signed-note@v1.0.0: parse, sign and verify.
 *
 *   <text, ending in \n>
 *   \n
 *   — <key name> <std base64 of (4-byte big-endian key ID ‖ signature)>\n      (one or more)
 *
 * The text is everything before the last blank line, its final newline included; signatures
 * are over its UTF-8 bytes. The whole note must be valid UTF-8 without control characters
 * other than newline.
 *
 * Verification follows the spec's rules: a signature counts as by a trusted key only when
 * both its key name and key ID match that key; others are untrusted and ignored (kept in the
 * result, e.g. a witness's cosignature); every signature by a trusted key is checked, and
 * one that fails is reported as failed, separately from untrusted ones. `ok` means at least
 * one good signature by a trusted key and no failed one (the spec: SHOULD reject a note with
 * a failed signature from a known key, MUST reject one without a verified signature).
 *
 * Duplicates (the spec says nothing about them): identical lines count once; a key appears
 * in `verified` at most once; distinct lines by the same trusted key are each checked, so a
 * bad one lands in `failed` even next to a good one. (golang.org/x/mod/sumdb/note instead
 * skips every line after the first by the same key, unchecked.)
 */
import type { KeyObject } from 'node:crypto';
import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { ed25519PrivateKeyFromSeed, ed25519RawPublicKey } from './ed25519-keys';
import { NoteFormatError, NoteKeyError } from './errors';
import { ED25519_SIGNATURE_TYPE, noteKeyId, parseVerifierKey } from './note-keys';
import type { NoteVerifierKey } from './note-keys';
import { decodeStdBase64, encodeStdBase64 } from './std-base64';
import { decodeNoteBytes, isKeyName, isNoteText } from './text-rules';

const SIG_PREFIX = '\u2014 '; // em dash, space

/**
 * Notes with more signature lines are refused as malformed, so that a hostile note cannot
 * make a verifier check signatures without end. The spec asks verifiers to accept at least
 * 16; 100 is what golang.org/x/mod/sumdb/note allows.
 */
export const DEFAULT_MAX_SIGNATURES = 100;
const MIN_MAX_SIGNATURES = 16;

export interface NoteLimits {
  /** At least 16 (default DEFAULT_MAX_SIGNATURES). */
  maxSignatures?: number;
}

export interface NoteSignature {
  /** The key name on the signature line. */
  name: string;
  /** The first 4 bytes of the decoded signature, big-endian, as an unsigned number. */
  keyId: number;
  /** The signature proper: the decoded bytes after the key ID. */
  signature: Buffer;
}

export interface ParsedNote {
  /** The signed text, final newline included. */
  text: string;
  /** Its UTF-8 bytes: what the signatures sign. */
  textBytes: Buffer;
  /** Every signature line in order, duplicates included. */
  signatures: NoteSignature[];
}

/** Splits a note into text and signature lines; throws NoteFormatError when it breaks a rule. */
export function parseSignedNote(note: Uint8Array | string, limits: NoteLimits = {}): ParsedNote {
  const max = maxSignatures(limits);
  let s: string | null;
  if (typeof note === 'string') s = isNoteText(note) ? note : null;
  else s = decodeNoteBytes(note);
  if (s === null) throw new NoteFormatError('a signed note must be valid UTF-8 without control characters other than newline');
  const split = s.lastIndexOf('\n\n');
  if (split < 0) throw new NoteFormatError('no blank line before the signatures');
  const text = s.slice(0, split + 1);
  const block = s.slice(split + 2);
  if (block.length === 0) throw new NoteFormatError('a signed note needs at least one signature line');
  if (!block.endsWith('\n')) throw new NoteFormatError('the last signature line must end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > max) throw new NoteFormatError(`more than ${max} signature lines`);
  return { text, textBytes: Buffer.from(text, 'utf8'), signatures: lines.map(parseSignatureLine) };
}

function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIG_PREFIX)) throw new NoteFormatError('a signature line must start with an em dash and a space');
  const rest = line.slice(SIG_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  if (!isKeyName(name)) throw new NoteFormatError(`invalid key name ${JSON.stringify(name)} on a signature line`);
  const bytes = space < 0 ? null : decodeStdBase64(rest.slice(space + 1));
  if (bytes === null) throw new NoteFormatError(`the signature by ${name} is not standard base64`);
  if (bytes.length < 5) throw new NoteFormatError(`the signature by ${name} is too short to hold a key ID and a signature`);
  return { name, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
}

/** The text of a signature line, newline included. */
export function formatSignatureLine(sig: NoteSignature): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(sig.keyId);
  return `${SIG_PREFIX}${sig.name} ${encodeStdBase64(Buffer.concat([id, sig.signature]))}\n`;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The signature of `message` (the note text's bytes), without the key ID. */
  sign(message: Uint8Array): Uint8Array;
}

/** A signer for signature type 0x01 (Ed25519, RFC 8032 — deterministic) from a private key or 32-byte seed. */
export function ed25519NoteSigner(name: string, key: KeyObject | Uint8Array): NoteSigner {
  if (!isKeyName(name)) throw new NoteKeyError(`invalid key name ${JSON.stringify(name)}`);
  const privateKey = key instanceof Uint8Array ? ed25519PrivateKeyFromSeed(key) : key;
  const keyId = noteKeyId(name, ED25519_SIGNATURE_TYPE, ed25519RawPublicKey(privateKey));
  return { name, keyId, sign: (message) => crypto.sign(null, message, privateKey) };
}

/**
 * The signed note of `text` (which must end in a newline) by `signers`. Signatures in `keep`
 * (say, from parseSignedNote of an earlier version) are written first, except those by a key
 * (name and ID) that is signing now: its new signature replaces the old.
 */
export function signNote(text: string, signers: readonly NoteSigner[], keep: readonly NoteSignature[] = []): string {
  if (!text.endsWith('\n')) throw new NoteFormatError('the note text must end with a newline');
  if (!isNoteText(text)) throw new NoteFormatError('the note text must be valid Unicode without control characters other than newline');
  const signing = new Set<string>();
  for (const s of signers) {
    if (!isKeyName(s.name)) throw new NoteKeyError(`invalid key name ${JSON.stringify(s.name)}`);
    if (!Number.isInteger(s.keyId) || s.keyId < 0 || s.keyId > 0xffffffff) throw new NoteKeyError('a key ID is a 32-bit unsigned integer');
    if (signing.has(keyOf(s))) throw new NoteKeyError(`two signers for key ${s.name} ${s.keyId.toString(16).padStart(8, '0')}`);
    signing.add(keyOf(s));
  }
  const message = Buffer.from(text, 'utf8');
  const lines: string[] = [];
  for (const sig of keep) {
    if (!isKeyName(sig.name)) throw new NoteFormatError(`invalid key name ${JSON.stringify(sig.name)}`);
    if (!signing.has(keyOf(sig))) lines.push(formatSignatureLine(sig));
  }
  for (const s of signers) {
    const signature = Buffer.from(s.sign(message));
    if (signature.length === 0) throw new NoteKeyError(`signer ${s.name} returned an empty signature`);
    lines.push(formatSignatureLine({ name: s.name, keyId: s.keyId, signature }));
  }
  if (lines.length === 0) throw new NoteFormatError('a signed note needs at least one signature');
  return `${text}\n${lines.join('')}`;
}

export interface NoteVerification {
  text: string;
  textBytes: Buffer;
  /** Good signatures by trusted keys, one per key. */
  verified: NoteSignature[];
  /** Signatures whose name and key ID match a trusted key but that do not verify under it. */
  failed: NoteSignature[];
  /** Signatures by keys not trusted (ignored per the spec), each distinct line once. */
  untrusted: NoteSignature[];
  /** At least one verified signature and no failed one. */
  ok: boolean;
}

/**
 * Checks a note's signatures against `trusted` keys (parsed keys or vkey strings). Throws
 * NoteFormatError for a malformed note and NoteKeyError for a bad vkey or for two different
 * trusted keys sharing a name and key ID (which would make a signature ambiguous).
 */
export function verifySignedNote(
  note: Uint8Array | string,
  trusted: ReadonlyArray<NoteVerifierKey | string>,
  limits: NoteLimits = {},
): NoteVerification {
  const keys = trustedKeyMap(trusted);
  const parsed = parseSignedNote(note, limits);
  const verified: NoteSignature[] = [];
  const failed: NoteSignature[] = [];
  const untrusted: NoteSignature[] = [];
  const seenLines = new Set<string>();
  const verifiedKeys = new Set<string>();
  for (const sig of parsed.signatures) {
    const line = formatSignatureLine(sig);
    if (seenLines.has(line)) continue;
    seenLines.add(line);
    const key = keys.get(keyOf(sig));
    if (key === undefined) untrusted.push(sig);
    else if (!key.verify(parsed.textBytes, sig.signature)) failed.push(sig);
    else if (!verifiedKeys.has(keyOf(sig))) {
      verifiedKeys.add(keyOf(sig));
      verified.push(sig);
    }
  }
  return { text: parsed.text, textBytes: parsed.textBytes, verified, failed, untrusted, ok: verified.length > 0 && failed.length === 0 };
}

function trustedKeyMap(trusted: ReadonlyArray<NoteVerifierKey | string>): Map<string, NoteVerifierKey> {
  const map = new Map<string, NoteVerifierKey>();
  for (const t of trusted) {
    const key = typeof t === 'string' ? parseVerifierKey(t) : t;
    const k = keyOf(key);
    const had = map.get(k);
    if (had === undefined) map.set(k, key);
    else if (had.type !== key.type || !had.publicKey.equals(key.publicKey)) {
      throw new NoteKeyError(`two different trusted keys share the name and key ID ${key.name}+${key.keyId.toString(16).padStart(8, '0')}`);
    }
  }
  return map;
}

function keyOf(k: { name: string; keyId: number }): string {
  return `${k.name}\n${k.keyId}`;
}

function maxSignatures(limits: NoteLimits): number {
  const max = limits.maxSignatures ?? DEFAULT_MAX_SIGNATURES;
  if (!Number.isInteger(max) || max < MIN_MAX_SIGNATURES) throw new RangeError(`maxSignatures must be an integer ≥ ${MIN_MAX_SIGNATURES}`);
  return max;
}
