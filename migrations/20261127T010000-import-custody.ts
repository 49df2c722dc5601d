import { QueryTypes } from 'sequelize';
import { AppError } from '../src-main/shared/errors';
import type { MigrationFn } from './types';

/**
 * Chain of custody for audit entries imported from the service's `logs/audit.jsonl`
 * (src-main/services/import-jsonl.ts): which file each imported row came from, at which
 * line, with the line's original jsonl-v1 hash and the raw line itself. jsonb and numeric
 * columns normalise numbers and key order, so the row alone cannot re-prove its line; the
 * raw line can, byte for byte, at any later time.
 *
 * - console_import_files: one row per import run (a file may be imported several times, or
 *   a later copy of a grown or rotated log): name, SHA-256 and size of the bytes read, who
 *   ran it, when, how it ended and its counts. `status` stays 'running' when the process
 *   was killed or lost its connection: the lines it committed stay, each with this run.
 * - console_import_lines: one row per imported line, keyed by (run, line number). A line is
 *   recognised by its (trace_id, original_hash), never by its position, so a re-import of
 *   the same file, a grown copy or a rotated one imports nothing twice.
 *
 * audit_log_id → audit_logs ON DELETE SET NULL, on purpose:
 * - not CASCADE: deleting an audit row must not erase the evidence that the line was
 *   imported; with its custody line gone, a later re-import would silently bring the row
 *   back, and nobody could tell the row had ever existed;
 * - not RESTRICT: the console must not stop the service (or a retention policy) from
 *   deleting its own rows;
 * - SET NULL keeps the line and marks it "imported, row since deleted": db-v1 cannot see a
 *   deleted row (docs/formats.md), custody re-verification can, and the raw line still holds
 *   everything needed to restore it. Re-imports keep skipping it.
 * UNIQUE (audit_log_id) also indexes that column, so deleting audit rows stays fast.
 *
 * file_id → console_import_files ON DELETE RESTRICT: a run that brought rows in cannot be
 * forgotten while its lines are kept.
 *
 * Table names start with `console_`: they belong to the console, not to the service's
 * schema (see database-admin's owner column), like console_events.
 *
 * down refuses while custody holds import runs (as the baseline refuses while the service
 * tables hold data): dropping it would destroy the only proof of where imported rows came
 * from. Empty, it is dropped and the catalogue is as before.
 */
const UP = `
CREATE TABLE IF NOT EXISTS console_import_files (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    file_name VARCHAR(255) NOT NULL,
    file_path TEXT NOT NULL,
    file_sha256 VARCHAR(64) NOT NULL,
    file_size BIGINT NOT NULL,
    imported_at TIMESTAMP NOT NULL DEFAULT (clock_timestamp() AT TIME ZONE 'UTC'),
    finished_at TIMESTAMP,
    status VARCHAR(20) NOT NULL DEFAULT 'running',
    operator_name VARCHAR(255) NOT NULL,
    operator_email VARCHAR(255),
    total_lines BIGINT,
    imported BIGINT,
    already_present BIGINT,
    duplicates BIGINT,
    matched_existing BIGINT,
    rejected BIGINT,
    CONSTRAINT console_import_files_sha256_check CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT console_import_files_size_check CHECK (file_size >= 0),
    CONSTRAINT console_import_files_status_check CHECK (status IN ('running', 'completed', 'cancelled', 'failed'))
);
CREATE INDEX IF NOT EXISTS idx_console_import_files_file_sha256 ON console_import_files(file_sha256);
CREATE INDEX IF NOT EXISTS idx_console_import_files_imported_at ON console_import_files(imported_at);

CREATE TABLE IF NOT EXISTS console_import_lines (
    file_id UUID NOT NULL REFERENCES console_import_files(id) ON DELETE RESTRICT,
    line_number BIGINT NOT NULL,
    audit_log_id UUID REFERENCES audit_logs(id) ON DELETE SET NULL,
    trace_id UUID NOT NULL,
    original_hash VARCHAR(64) NOT NULL,
    raw_line TEXT NOT NULL,
    CONSTRAINT console_import_lines_pkey PRIMARY KEY (file_id, line_number),
    CONSTRAINT console_import_lines_audit_log_id_key UNIQUE (audit_log_id),
    CONSTRAINT console_import_lines_trace_hash_key UNIQUE (trace_id, original_hash),
    CONSTRAINT console_import_lines_line_number_check CHECK (line_number >= 1),
    CONSTRAINT console_import_lines_hash_check CHECK (original_hash ~ '^[0-9a-f]{64}$')
);
`;

const DOWN = `
DROP TABLE IF EXISTS console_import_lines;
DROP TABLE IF EXISTS console_import_files;
`;

export const up: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(UP, { transaction });
};

export const down: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  const [exists] = await sequelize.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', {
    type: QueryTypes.SELECT,
    bind: ['console_import_files'],
    transaction,
  });
  const found = exists?.found
    ? await sequelize.query<{ runs: string }>('SELECT count(*)::text AS runs FROM console_import_files', {
        type: QueryTypes.SELECT,
        transaction,
      })
    : [];
  const runs = Number(found[0]?.runs ?? 0);
  if (runs > 0) {
    throw new AppError(
      'CONFLICT',
      `The import custody holds ${runs} import run(s): it is not reverted, as it is the only proof of where imported audit rows came from (delete its rows first, or drop the database).`,
    );
  }
  await sequelize.query(DOWN, { transaction });
};
