/**
 * Checkpoints kept outside the database (docs/seal-format.md §7): the signed note of every seal
 * the console makes, with its state file (the tree's right edge), under
 * `<dir>/<origin, sanitised>/<size, 20 digits>.checkpoint[.state]`; and the `FILE` /
 * `FILE.state` pair of `govcon checkpoint`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Buffer } from 'node:buffer';
import { MerkleAppender, type AppenderState } from '../../integrity/merkle/appender';
import { parseCheckpoint, type Checkpoint } from '../../integrity/note/checkpoint';
import { parseSignedNote } from '../../integrity/note/signed-note';
import { decodeStdBase64, encodeStdBase64 } from '../../integrity/note/std-base64';
import { writeFileAtomic } from '../../platform/files/atomic-file';
import { AppError } from '../../shared/errors';
import { readInputFile } from '../../platform/files/input-file';

export const STATE_FORMAT = 'govcon-checkpoint-state/v1';

export interface CheckpointState {
  format: typeof STATE_FORMAT;
  origin: string;
  size: number;
  root: string;
  hashes: string[];
}

export function originFolder(origin: string): string {
  return origin.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function checkpointFileName(size: number): string {
  return `${String(size).padStart(20, '0')}.checkpoint`;
}

export function stateOf(origin: string, tree: MerkleAppender): CheckpointState {
  const s = tree.exportState();
  return { format: STATE_FORMAT, origin, size: s.size, root: encodeStdBase64(tree.root()), hashes: s.hashes };
}

export function stateText(state: CheckpointState): string {
  return `${JSON.stringify(state)}\n`;
}

/** Writes `file` (the note) and `file.state`. */
export async function writeCheckpointPair(file: string, note: string, state: CheckpointState): Promise<void> {
  try {
    await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFileAtomic(file, note, 0o644);
    await writeFileAtomic(`${file}.state`, stateText(state), 0o644);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('FILE_ERROR', `Cannot write the checkpoint ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
}

/** Keeps a signed checkpoint in `dir` (§7 layout); returns the note's path. */
export async function keepCheckpoint(dir: string, origin: string, note: string, state: CheckpointState): Promise<string> {
  const file = path.join(dir, originFolder(origin), checkpointFileName(state.size));
  await writeCheckpointPair(file, note, state);
  return file;
}

export interface KeptCheckpoint {
  file: string;
  note: string;
  checkpoint: Checkpoint;
}

/** Reads a checkpoint note file; VALIDATION when it is not a signed checkpoint. */
export async function readCheckpointFile(file: string): Promise<KeptCheckpoint> {
  // Regular files only (FILE_ERROR naming the kind): a checkpoint is a few hundred bytes, /dev/zero is not.
  const note = (await readInputFile(file)).toString('utf8');
  try {
    const parsed = parseSignedNote(note);
    return { file, note, checkpoint: parseCheckpoint(parsed.text) };
  } catch (error) {
    throw new AppError('VALIDATION', `${file} is not a signed checkpoint: ${(error as Error).message}.`);
  }
}

/** The newest (largest) checkpoint kept for `origin` in `dir`, or null. */
export async function newestKeptCheckpoint(dir: string, origin: string): Promise<KeptCheckpoint | null> {
  let names: string[];
  try {
    names = await fs.readdir(path.join(dir, originFolder(origin)));
  } catch {
    return null;
  }
  const notes = names.filter((n) => /^\d{20}\.checkpoint$/.test(n)).sort();
  const last = notes[notes.length - 1];
  return last ? readCheckpointFile(path.join(dir, originFolder(origin), last)) : null;
}

/** Reads `file.state` and checks it against the checkpoint's signed root; VALIDATION otherwise. */
export async function readCheckpointState(file: string, checkpoint: Checkpoint): Promise<MerkleAppender> {
  const text = (await readInputFile(`${file}.state`)).toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AppError('VALIDATION', `${file}.state is not JSON: ${(error as Error).message}.`);
  }
  const s = raw as Partial<CheckpointState>;
  if (s.format !== STATE_FORMAT || s.origin !== checkpoint.origin || s.size !== checkpoint.size) {
    throw new AppError('VALIDATION', `${file}.state is not the state of ${file} (format, origin or size differ).`);
  }
  const root = decodeStdBase64(s.root ?? '');
  if (!root || !Buffer.from(root).equals(checkpoint.rootHash))
    throw new AppError('VALIDATION', `${file}.state names another root than ${file}.`);
  try {
    return MerkleAppender.fromState({ size: s.size, hashes: s.hashes ?? [] } as AppenderState, checkpoint.rootHash);
  } catch (error) {
    throw new AppError('VALIDATION', `${file}.state does not give the signed root: ${(error as Error).message}.`);
  }
}
