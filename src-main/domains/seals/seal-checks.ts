/**
 * Checks both seal verifiers make the same way (the full pass, verify-seals.ts, and the
 * incremental one from a kept checkpoint, verify-since.ts; docs/seal-format.md §8–9): the
 * table's columns against the sealed ones, a seal's note against its row and the trusted keys,
 * and which unsealed rows the console imported itself.
 */
import type pg from 'pg';
import type { SealedTable } from '../../integrity/canonical-row';
import { parseCheckpoint } from '../../integrity/note/checkpoint';
import { formatKeyId, type NoteVerifierKey } from '../../integrity/note/note-keys';
import { parseSignedNote, verifySignedNote } from '../../integrity/note/signed-note';
import type { Finding } from '../../shared/model/report-values';
import { catalogueColumns, type SealRow } from './seal-store';

/** Records a finding of this log (the verifier adds the log's name to its detail). */
export type AddFinding = (kind: string, fields?: Partial<Omit<Finding, 'kind'>>) => void;

/** A signer seen on a note, trusted or not (for the report's list of signers). */
export interface SignerFact {
  name: string;
  key_id: string;
  trusted: boolean;
}

/**
 * §8: columns added since sealing are named; a sealed column missing or retyped is said too,
 * and then rows cannot be compared with their leaves. Returns whether they can.
 */
export async function checkSchema(client: pg.Client, table: SealedTable, add: AddFinding): Promise<boolean> {
  const columns = await catalogueColumns(client, table.table);
  const byName = new Map(columns.map((c) => [c.name, c.type]));
  const sealedNames = new Set(table.columns.map((c) => c.name));
  const added = columns.filter((c) => !sealedNames.has(c.name)).map((c) => `${c.name} ${c.type}`);
  const changed = table.columns
    .filter((c) => byName.get(c.name) !== c.type)
    .map((c) => `${c.name} ${c.type} → ${byName.get(c.name) ?? 'missing'}`);
  if (added.length > 0 || changed.length > 0) {
    add('schema-changed', { reason: changed.length > 0 ? 'sealed-column-changed' : 'columns-added', detail: { added, changed } });
  }
  return changed.length === 0;
}

/** Verifies a note's signatures with the trusted keys only, noting every signer in `signers`. */
export function noteSignatures(note: string, trusted: readonly NoteVerifierKey[], signers: Map<string, SignerFact>) {
  const v = verifySignedNote(note, trusted);
  for (const s of v.verified)
    signers.set(`${s.name}+${formatKeyId(s.keyId)}`, { name: s.name, key_id: formatKeyId(s.keyId), trusted: true });
  for (const s of [...v.failed, ...v.untrusted]) {
    const k = `${s.name}+${formatKeyId(s.keyId)}`;
    if (!signers.has(k)) signers.set(k, { name: s.name, key_id: formatKeyId(s.keyId), trusted: v.failed.includes(s) });
  }
  return v;
}

/**
 * One seal's note: its checkpoint text must state the row's origin, size and root (no
 * extension lines), and its signatures must verify with a trusted key. Returns the root the
 * note signs (the row's when the note cannot be read), for the consistency proofs.
 */
export function checkSealNote(
  seal: SealRow,
  number: number,
  origin: string,
  trusted: readonly NoteVerifierKey[],
  signers: Map<string, SignerFact>,
  add: AddFinding,
): Buffer {
  try {
    const cp = parseCheckpoint(parseSignedNote(seal.note).text);
    if (cp.origin !== origin || cp.size !== seal.tree_size || !cp.rootHash.equals(seal.root_hash) || cp.extensions.length > 0) {
      add('seal-altered', {
        reason: 'note-text',
        seal: number,
        detail: {
          note: { origin: cp.origin, size: cp.size, root: cp.rootHash.toString('hex') },
          row: { origin, size: seal.tree_size, root: seal.root_hash.toString('hex') },
        },
      });
    }
    const v = noteSignatures(seal.note, trusted, signers);
    const listed = (list: typeof v.verified) => list.map((s) => ({ name: s.name, key_id: formatKeyId(s.keyId) }));
    if (v.failed.length > 0) add('bad-signature', { seal: number, detail: { failed: listed(v.failed) } });
    else if (!v.ok)
      add('untrusted-signer', { seal: number, detail: { signers: listed(v.untrusted), stored_verifier_key: seal.verifier_key } });
    return cp.rootHash;
  } catch (error) {
    add('seal-altered', { reason: 'note-malformed', seal: number, detail: { error: (error as Error).message } });
    return seal.root_hash;
  }
}

/** Of `ids` (audit_logs rows in no seal), those the console imported: the next seal takes them, they are not `inserted`. */
export async function importedByConsole(client: pg.Client, table: SealedTable['table'], ids: readonly string[]): Promise<Set<string>> {
  const imported = new Set<string>();
  if (ids.length === 0 || table !== 'audit_logs') return imported;
  if (!(await client.query<{ ok: boolean }>("SELECT to_regclass('console_import_lines') IS NOT NULL AS ok")).rows[0]!.ok) return imported;
  const { rows } = await client.query<{ id: string }>(
    'SELECT audit_log_id::text AS id FROM console_import_lines WHERE audit_log_id = ANY ($1::uuid[])',
    [ids],
  );
  for (const r of rows) imported.add(r.id);
  return imported;
}
