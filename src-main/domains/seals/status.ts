/** What the Integrity page shows of the sealed logs: sealed and unsealed ranges, seals and their signers. */
import type pg from 'pg';
import { parseSignedNote } from '../../integrity/note/signed-note';
import { quoteIdentifier } from '../../platform/db/sql/identifier';
import type { SealLogStatusDto, SealSignerDto } from '../../shared/model/seals';
import { SEALED_LOGS } from './seal';
import { hasSealTables, readSealLog, readSeals } from './seal-store';
import { formatKeyId } from '../../integrity/note/note-keys';

function signersOf(note: string): SealSignerDto[] {
  try {
    return parseSignedNote(note).signatures.map((s) => ({ name: s.name, key_id: formatKeyId(s.keyId) }));
  } catch {
    return [];
  }
}

/** Reads the logs' state in one REPEATABLE READ snapshot; `null` when the seal tables do not exist. */
export async function readSealStatus(client: pg.Client): Promise<SealLogStatusDto[] | null> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    if (!(await hasSealTables(client))) return null;
    const out: SealLogStatusDto[] = [];
    for (const table of SEALED_LOGS) {
      const log = await readSealLog(client, table.table);
      const seals = log ? await readSeals(client, log.log_id) : [];
      const t = quoteIdentifier(table.table);
      const time = quoteIdentifier(table.timeColumn);
      const countSql = `SELECT count(*)::text AS rows,
          count(*) FILTER (WHERE ${time} IS NULL)::text AS unsealable,
          count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM console_seal_leaves s WHERE s.log_id = $1::uuid AND s.row_id = a.id))::text AS unsealed
        FROM ${t} a`;
      const { rows } = await client.query<{ rows: string; unsealable: string; unsealed: string }>(countSql, [
        log?.log_id ?? '00000000-0000-0000-0000-000000000000',
      ]);
      const last = seals.at(-1);
      out.push({
        table: table.table,
        origin: log?.origin ?? null,
        tree_size: last?.tree_size ?? 0,
        rows: Number(rows[0]!.rows),
        unsealed_rows: Number(rows[0]!.unsealed) - Number(rows[0]!.unsealable),
        unsealable_rows: Number(rows[0]!.unsealable),
        newest_horizon: last?.horizon ?? null,
        seals: seals.map((s) => ({
          seal_number: s.seal_number,
          previous_size: s.previous_size,
          tree_size: s.tree_size,
          leaves_added: s.leaves_added,
          sealed_at: s.sealed_at,
          sealed_by: s.sealed_by,
          horizon: s.horizon,
          horizon_source: s.horizon_source,
          sees_all_sessions: s.sees_all_sessions,
          late_imported: s.late_imported,
          late_accepted: s.late_accepted,
          late_left: s.late_left,
          signers: signersOf(s.note),
        })),
      });
    }
    return out;
  } finally {
    await client.query('COMMIT').catch(() => undefined);
  }
}
