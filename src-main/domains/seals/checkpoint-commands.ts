/** `govcon checkpoint` and `govcon cosign` (docs/cli.md; docs/seal-format.md §5, §7). */
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { assertConsistency, consistencyProof } from '../../integrity/merkle/consistency';
import { hashesEqual } from '../../integrity/merkle/hash';
import { bufferLeafHashes } from '../../integrity/merkle/leaf-hashes';
import { parseCheckpoint } from '../../integrity/note/checkpoint';
import { parseSignedNote, signNote } from '../../integrity/note/signed-note';
import { encodeStdBase64 } from '../../integrity/note/std-base64';
import { connectClient } from '../../platform/db/pg-client';
import { writeFileAtomic } from '../../platform/files/atomic-file';
import type { Command, CommandContext } from '../../platform/cli/command';
import { AppError } from '../../shared/errors';
import { cliTarget, rawConfig } from '../connections/cli-target';
import {
  checkpointFileName,
  originFolder,
  readCheckpointFile,
  stateOf,
  writeCheckpointPair,
  type KeptCheckpoint,
} from './checkpoint-files';
import { loadSigningKey, type SigningKey } from './key-file';
import { applySealSession } from './log-sql';
import { hasSealTables, readLastSeal, readLeafRecords, readSealLog, readSeals, treeFromRecords, type SealRow } from './seal-store';
import { formatKeyId } from '../../integrity/note/note-keys';

async function inSnapshot<T>(ctx: CommandContext, purpose: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectClient({ ...(await rawConfig(cliTarget(ctx), purpose)), statement_timeout: 0 });
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await applySealSession(client);
    if (!(await hasSealTables(client))) throw new AppError('SCHEMA_MISSING', 'The database has no seal tables (govcon migrate up).');
    const value = await work(client);
    await client.query('COMMIT');
    return value;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const checkpointCommand: Command = {
  name: 'checkpoint',
  async run(ctx) {
    if (ctx.args.positionals.length > 0) throw new AppError('VALIDATION', `Unexpected argument "${ctx.args.positionals[0]}".`);
    const out = ctx.args.values.out;
    if (!out) throw new AppError('VALIDATION', `--out FILE is required. Usage: govcon ${ctx.usage}`);
    const table = ctx.args.values.log ?? 'audit_logs';
    if (table !== 'audit_logs' && table !== 'console_events') throw new AppError('VALIDATION', '--log is audit_logs or console_events.');
    const written = await inSnapshot(ctx, 'checkpoint', async (client) => {
      const log = await readSealLog(client, table);
      const seal = log ? await readLastSeal(client, log.log_id) : null;
      if (!log || !seal) throw new AppError('NOT_FOUND', `The ${table} log has no seal yet (govcon seal).`);
      const records = await readLeafRecords(client, log.log_id, seal.tree_size);
      const tree = treeFromRecords(records, seal.tree_size);
      if (records.count !== seal.tree_size || !hashesEqual(tree.root(), parseCheckpoint(parseSignedNote(seal.note).text).rootHash)) {
        throw new AppError(
          'CONFLICT',
          `The leaf records no longer give seal ${seal.seal_number}'s signed root: run govcon verify-db --seals.`,
        );
      }
      await writeCheckpointPair(out, seal.note, stateOf(log.origin, tree));
      return { origin: log.origin, seal: seal.seal_number, size: seal.tree_size, root: encodeStdBase64(tree.root()) };
    });
    return {
      exitCode: 0,
      json: { file: out, state_file: `${out}.state`, ...written },
      text: `Checkpoint of ${written.origin} at size ${written.size} (seal ${written.seal}) written to ${out} and ${out}.state.\n`,
    };
  },
};

function signsWith(note: string, key: SigningKey): boolean {
  try {
    return parseSignedNote(note).signatures.some((s) => s.name === key.name && formatKeyId(s.keyId) === key.keyId);
  } catch {
    return false;
  }
}

/** The cosigned checkpoints a key keeps beside its file: `<key dir>/cosigned/<origin>/<size>.checkpoint`. */
function cosignedDir(keyFile: string, origin: string): string {
  return path.join(path.dirname(path.resolve(keyFile)), 'cosigned', originFolder(origin));
}

async function lastKeptCosign(dir: string): Promise<KeptCheckpoint | null> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const last = names
    .filter((n) => /^\d{20}\.checkpoint$/.test(n))
    .sort()
    .pop();
  return last ? readCheckpointFile(path.join(dir, last)) : null;
}

export const cosignCommand: Command = {
  name: 'cosign',
  async run(ctx) {
    const file = ctx.args.positionals[0];
    if (!file || ctx.args.positionals.length > 1) throw new AppError('VALIDATION', `Usage: govcon ${ctx.usage}`);
    const keyFile = ctx.args.values.key;
    if (!keyFile) throw new AppError('VALIDATION', `--key FILE is required. Usage: govcon ${ctx.usage}`);
    const given = await readCheckpointFile(file);
    const cp = given.checkpoint;
    const key = await loadSigningKey(ctx.io, keyFile);
    const useDb = Boolean(ctx.args.values.url ?? ctx.io.env.DATABASE_URL);
    const keptDir = cosignedDir(keyFile, cp.origin);
    let checkedAgainst: { size: number; how: string } | null = null;
    let dbSeal: SealRow | null = null;
    if (useDb) {
      await inSnapshot(ctx, 'cosign', async (client) => {
        const logs = await client.query<{ log_id: string }>('SELECT log_id::text FROM console_seal_logs WHERE origin = $1', [cp.origin]);
        const logId = logs.rows[0]?.log_id;
        if (!logId) throw new AppError('NOT_FOUND', `This database holds no log with origin ${cp.origin}.`);
        const seals = await readSeals(client, logId);
        dbSeal = seals.find((s) => s.tree_size === cp.size) ?? null;
        const previous = seals.filter((s) => s.tree_size !== cp.size && signsWith(s.note, key)).pop();
        const records = await readLeafRecords(client, logId, Math.max(cp.size, previous?.tree_size ?? 0));
        if (records.count < cp.size)
          throw new AppError('CONFLICT', `The database's log is smaller than the checkpoint (${cp.size}): refused.`);
        const tree = treeFromRecords(records, cp.size);
        if (!hashesEqual(tree.root(), cp.rootHash)) {
          throw new AppError('CONFLICT', `The checkpoint's root is not the root of the database's log at size ${cp.size}: refused.`);
        }
        if (previous) {
          const prevRoot = parseCheckpoint(parseSignedNote(previous.note).text).rootHash;
          const [m, n, rm, rn] =
            previous.tree_size < cp.size
              ? [previous.tree_size, cp.size, prevRoot, cp.rootHash]
              : [cp.size, previous.tree_size, cp.rootHash, prevRoot];
          const source = bufferLeafHashes(records.hashes.subarray(0, n * 32));
          try {
            assertConsistency(m, n, consistencyProof(source, m, n), rm, rn);
          } catch {
            throw new AppError(
              'CONFLICT',
              `The checkpoint is not consistent with seal ${previous.seal_number}, which ${key.name} cosigned: refused.`,
            );
          }
          checkedAgainst = { size: previous.tree_size, how: 'consistency proof from the database against both signed roots' };
        }
      });
    } else {
      const previous = await lastKeptCosign(keptDir);
      if (previous && previous.checkpoint.size === cp.size && !previous.checkpoint.rootHash.equals(cp.rootHash)) {
        throw new AppError('CONFLICT', `${key.name} cosigned another root at size ${cp.size} (${previous.file}): refused.`);
      }
      if (previous && previous.checkpoint.size !== cp.size) {
        throw new AppError(
          'VALIDATION',
          `${key.name} last cosigned this log at size ${previous.checkpoint.size}: give --url so that consistency can be proved.`,
        );
      }
      if (previous) checkedAgainst = { size: previous.checkpoint.size, how: 'same size and root as the kept cosigned checkpoint' };
    }
    const parsed = parseSignedNote(given.note);
    const cosigned = signNote(parsed.text, [key.signer], parsed.signatures);
    await writeFileAtomic(file, cosigned, 0o644);
    await fs.mkdir(keptDir, { recursive: true });
    await writeFileAtomic(path.join(keptDir, checkpointFileName(cp.size)), cosigned, 0o644);
    let updatedSeal: number | null = null;
    const seal = dbSeal as SealRow | null;
    if (useDb && seal) {
      const sealNote = parseSignedNote(seal.note);
      if (sealNote.text === parsed.text) {
        const merged = signNote(sealNote.text, [key.signer], sealNote.signatures);
        const client = await connectClient({ ...(await rawConfig(cliTarget(ctx), 'cosign')), statement_timeout: 0 });
        try {
          await client.query('UPDATE console_seals SET note = $1 WHERE log_id = $2 AND seal_number = $3 AND note = $4', [
            merged,
            seal.log_id,
            seal.seal_number,
            seal.note,
          ]);
        } finally {
          await client.end().catch(() => undefined);
        }
        updatedSeal = seal.seal_number;
      }
    }
    const checked = checkedAgainst as { size: number; how: string } | null;
    return {
      exitCode: 0,
      json: {
        file,
        origin: cp.origin,
        size: cp.size,
        key_name: key.name,
        key_id: key.keyId,
        checked_against: checked,
        seal_updated: updatedSeal,
      },
      text:
        `Cosigned ${file} (${cp.origin} at size ${cp.size}) with ${key.name} (${key.keyId})` +
        (checked
          ? `; consistent with size ${checked.size} (${checked.how})`
          : '; first cosignature of this log by this key, taken as given') +
        (updatedSeal ? `; seal ${updatedSeal} in the database carries it too.` : '.') +
        '\n',
    };
  },
};
