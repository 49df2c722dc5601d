/**
 * The database side of an import or a custody check, before and after the work itself: the
 * connection a long job runs on, the check that custody exists, the one-import-at-a-time
 * lock, and how an import that stopped on the database is reported.
 */
import pg from 'pg';
import { ADVISORY_LOCKS } from '../../platform/db/advisory-locks';
import { classifyConnectError } from '../../platform/db/errors';
import { connectClient, contextOf, JOB_SESSION_SETUP } from '../../platform/db/pg-client';
import { abortError } from '../../platform/files/file-errors';
import { AppError } from '../../shared/errors';

/** How often a waiting import tries the lock again. */
const LOCK_RETRY_MS = 200;

/** A plain client for a long job: UTF-8, no statement timeout, no JIT (batches are small statements). */
export function openJobClient(config: pg.ClientConfig): Promise<pg.Client> {
  return connectClient({ ...config, statement_timeout: 0 }, { setup: JOB_SESSION_SETUP });
}

/** SCHEMA_MISSING unless audit_logs, console_events and the custody tables exist, with what to do about it. */
export async function requireCustody(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ lines: boolean; audit: boolean; events: boolean }>(
    `SELECT to_regclass('console_import_lines') IS NOT NULL AS lines, to_regclass('audit_logs') IS NOT NULL AS audit,
            to_regclass('console_events') IS NOT NULL AS events`,
  );
  const r = rows[0]!;
  if (!r.audit || !r.events || !r.lines) {
    throw new AppError(
      'SCHEMA_MISSING',
      r.audit
        ? 'This database has no import custody tables yet: initialise it first (`govcon init` adopts or migrates it; `govcon migrate up` on a managed one).'
        : 'This database has no audit_logs table: it holds no governance schema. Initialise it first (`govcon init`, or the Database page).',
    );
  }
}

/**
 * One import at a time per database: a second one waits here until the first ends (the
 * lock belongs to this connection's session, so it also goes when the process dies), and
 * can be cancelled while it waits.
 */
export async function takeImportLock(client: pg.Client, signal: AbortSignal | undefined): Promise<void> {
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS locked', [
      ...ADVISORY_LOCKS.import,
    ]);
    if (rows[0]!.locked) return;
    if (signal?.aborted) throw abortError(signal, 'Import');
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
  }
}

const CLOSE_INTERRUPTED = `
  UPDATE console_import_files f
     SET status = 'interrupted', finished_at = clock_timestamp() AT TIME ZONE 'UTC',
         imported = (SELECT count(*) FROM console_import_lines l WHERE l.file_id = f.id)
   WHERE status = 'running'
  RETURNING id::text`;

/**
 * Closes the records of runs that died with their process or connection: called with the import
 * lock held, so no run can still be going, and a record that says `running` is one nobody will
 * finish. It then says `interrupted`, with the lines it committed counted (its batches stay,
 * whole). Returns their ids. A database whose status check predates `interrupted` (migration
 * 20261210T010000-import-interrupted not applied) keeps them as they are.
 */
export async function closeInterruptedRuns(client: pg.Client): Promise<string[]> {
  try {
    const { rows } = await client.query<{ id: string }>(CLOSE_INTERRUPTED);
    return rows.map((r) => r.id);
  } catch (error) {
    if ((error as { code?: string }).code === '23514') return []; // check_violation: not migrated yet
    throw error;
  }
}

/** An error from the server or the connection (not a bug, not a file problem). */
export function isDatabaseFailure(error: unknown): boolean {
  if (error instanceof AppError || !(error instanceof Error)) return false;
  if (error instanceof pg.DatabaseError) return true;
  const code = (error as NodeJS.ErrnoException).code;
  if (/Connection terminated|Client has encountered a connection error|not queryable/i.test(error.message)) return true;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/**
 * The error an import that stopped on the database rejects with: the server's own reason
 * when it has a stable code (read-only, permission, timeout, a lost connection…), else a lost connection; with
 * what was kept either way (`imported` lines, committed in whole batches).
 */
export function stoppedOnDatabase(error: unknown, imported: number, config: pg.ClientConfig): AppError {
  const kept = `${imported} lines were committed, in whole batches; running the same import again completes it.`;
  const known = classifyConnectError(error, contextOf(config));
  if (known.code !== 'INTERNAL' && known.code !== 'NOT_POSTGRES') {
    return new AppError(known.code, `${known.message} The import stopped: ${kept}`, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError('CONNECTION_LOST', `The import lost its connection to the database (${reason}). ${kept}`, { cause: error });
}
