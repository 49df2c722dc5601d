/**
 * An import run's own record: its console_import_files row (opened when the run starts,
 * closed with its status and counts) and, when it ends, its console_events row, written in
 * the same transaction.
 */
import type pg from 'pg';
import { inTransaction } from '../../platform/db/transaction';

/** What a run has done so far (the counts its record and its result carry). */
export interface ImportCounts {
  total: number;
  imported: number;
  already_present: number;
  duplicates: number;
  matched_existing: number;
  /** Lines whose row exists with other values (differs-from-database): not imported. */
  differs: number;
  rejected_total: number;
}

export type RunStatus = 'completed' | 'cancelled' | 'failed';

/** The file and the operator of a run. */
export interface RunInfo {
  /** The file's name (at most 255 characters). */
  file: string;
  /** Its absolute path. */
  path: string;
  sha256: string;
  size: number;
  operatorName: string;
  operatorEmail: string | null;
  /** The SHA-256 of the bytes actually read, when they are not the file measured at the start. */
  sha256_read?: string;
}

const INSERT_RUN = `
  INSERT INTO console_import_files (file_name, file_path, file_sha256, file_size, operator_name, operator_email)
  VALUES ($1, $2, $3, $4, $5, $6)
  RETURNING id::text`;

const FINISH_RUN = `
  UPDATE console_import_files
     SET finished_at = clock_timestamp() AT TIME ZONE 'UTC', status = $2, total_lines = $3, imported = $4,
         already_present = $5, duplicates = $6, matched_existing = $7, rejected = $8
   WHERE id = $1`;

const INSERT_EVENT = `
  INSERT INTO console_events (operator_name, operator_email, action, target_kind, target_id, before, after)
  VALUES ($1, $2, 'audit.import', 'import_file', $3, NULL, $4::jsonb)
  RETURNING id::text`;

export function emptyCounts(): ImportCounts {
  return { total: 0, imported: 0, already_present: 0, duplicates: 0, matched_existing: 0, differs: 0, rejected_total: 0 };
}

/** Opens the run's record (status 'running' until it is finished); returns its id. */
export async function startRun(client: pg.Client, info: RunInfo): Promise<string> {
  const { rows } = await client.query<{ id: string }>(INSERT_RUN, [
    info.file,
    info.path,
    info.sha256,
    info.size,
    info.operatorName.slice(0, 255),
    info.operatorEmail,
  ]);
  return rows[0]!.id;
}

/** Closes the run's record and records its console event, in one transaction; returns the event's id. */
export async function finishRun(
  client: pg.Client,
  importId: string,
  status: RunStatus,
  counts: ImportCounts,
  info: RunInfo,
): Promise<string> {
  return inTransaction(client, async () => {
    await client.query(FINISH_RUN, [
      importId,
      status,
      counts.total,
      counts.imported,
      counts.already_present,
      counts.duplicates,
      counts.matched_existing,
      counts.rejected_total,
    ]);
    const after = {
      import_id: importId,
      status,
      file: info.file,
      path: info.path,
      sha256: info.sha256,
      size: info.size,
      ...(info.sha256_read ? { sha256_read: info.sha256_read } : {}),
      total: counts.total,
      imported: counts.imported,
      already_present: counts.already_present,
      duplicates: counts.duplicates,
      matched_existing: counts.matched_existing,
      differs: counts.differs,
      rejected: counts.rejected_total,
    };
    const { rows } = await client.query<{ id: string }>(INSERT_EVENT, [
      info.operatorName.slice(0, 255),
      info.operatorEmail?.slice(0, 255) ?? null,
      importId,
      JSON.stringify(after),
    ]);
    return rows[0]!.id;
  });
}
