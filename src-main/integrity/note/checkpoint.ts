/**
 * c2sp.org/tlog-checkpoint@v1.0.0: the note text of a transparency log checkpoint.
 *
 *   <origin>\n
 *   <tree size: ASCII decimal, no leading zeros (0 for the empty tree)>\n
 *   <root hash: std base64 of the 32-byte RFC 6962 root>\n
 *   [<extension line, non-empty>\n ...]
 *
 * Writing never adds extension lines (the spec does not recommend them: log monitors cannot
 * audit them). Parsing returns them. Tree sizes are JavaScript numbers here, so sizes above
 * 2^53 − 1 are refused rather than rounded.
 */
import type { Buffer } from 'node:buffer';
import { NoteFormatError } from './errors';
import { decodeStdBase64, encodeStdBase64 } from './std-base64';
import { isNoteText } from './text-rules';

export interface Checkpoint {
  /** The log's identity; the log's key name SHOULD equal it. */
  origin: string;
  /** Number of leaves in the tree. */
  size: number;
  /** RFC 6962 root hash of the tree at `size` (32 bytes). */
  rootHash: Buffer;
  /** Lines after the root hash, without their newlines. */
  extensions: string[];
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;
const ROOT_SIZE = 32;

/**
 * The checkpoint note text for a tree head. The origin must be non-empty, one line, and —
 * stricter than the spec's SHOULD, so that it can also be the signing key's name — free of
 * Unicode spaces and '+'.
 */
export function formatCheckpoint(head: { origin: string; size: number; rootHash: Uint8Array }): string {
  const { origin, size, rootHash } = head;
  if (origin.length === 0 || !isNoteText(origin) || /[\p{White_Space}+]/u.test(origin)) {
    throw new NoteFormatError('the origin must be non-empty, without spaces, "+" or control characters');
  }
  if (!Number.isSafeInteger(size) || size < 0) throw new NoteFormatError('the tree size must be an integer in [0, 2^53)');
  if (rootHash.length !== ROOT_SIZE) throw new NoteFormatError('the root hash must be 32 bytes');
  return `${origin}\n${size}\n${encodeStdBase64(rootHash)}\n`;
}

/** Parses checkpoint note text (e.g. NoteVerification.text); throws NoteFormatError when malformed. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!isNoteText(text)) throw new NoteFormatError('a checkpoint must be valid Unicode without control characters other than newline');
  if (!text.endsWith('\n')) throw new NoteFormatError('a checkpoint ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new NoteFormatError('a checkpoint has at least three lines: origin, tree size, root hash');
  const [origin, sizeText, rootText, ...extensions] = lines;
  // Origins are only recommended to be URL-like; clients must not assume more than non-empty.
  if (origin.length === 0) throw new NoteFormatError('the origin line is empty');
  if (!DECIMAL.test(sizeText)) throw new NoteFormatError('the tree size must be decimal digits without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new NoteFormatError('tree sizes above 2^53 - 1 are not supported');
  const rootHash = decodeStdBase64(rootText);
  if (rootHash === null || rootHash.length !== ROOT_SIZE) throw new NoteFormatError('the root hash must be standard base64 of 32 bytes');
  if (extensions.some((l) => l.length === 0)) throw new NoteFormatError('extension lines must not be empty');
  return { origin, size, rootHash, extensions };
}
