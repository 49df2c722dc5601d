/** The govcon/v2 reports of backup, backup verify and restore (shared/model/report.ts, backupReportSchema). */
import path from 'node:path';
import type { BackupHeader, BackupTrailer } from '../../integrity/backup-v1';
import { REPORT_VERSION, finding, outcomeOf } from '../../shared/model/report-values';
import type { BackupReport } from '../../shared/model/report';
import type { ReportFacts } from '../verification/reports/facts';
import type { BackupResult } from './backup';
import type { RestoreResult } from './restore';
import type { BackupCheck } from './verify';

const METHOD: Record<BackupReport['operation'], string> = {
  backup:
    'Every table of the public schema read with COPY in one REPEATABLE READ snapshot under fixed session settings ' +
    '(DateStyle ISO, UTC, extra_float_digits 1, hex bytea), written as govcon-backup/1 with a SHA-256 per table, ' +
    'a chain over the sections and a trailer committing to every byte.',
  verify:
    'The whole file read once: its structure, the SHA-256 of every table, the chain from each section to the one before ' +
    'and to the backup id, and the trailer over every byte before it.',
  restore:
    'The whole file verified first; the schema made by the console migrations the backup lists; every table emptied and ' +
    'its rows copied from a second, re-checked read, in one transaction.',
};

const NOT_COVERED: Record<BackupReport['operation'], string> = {
  backup:
    'Objects outside the public schema, roles, grants and server settings; whether the rows themselves are genuine ' +
    '(verify-db and the seals judge that).',
  verify:
    'Whether the rows are genuine (verify-db and the seals judge that, after a restore); who made the file: the digests ' +
    'prove it is whole and unchanged since it was written, not by whom (keep a checkpoint outside the database).',
  restore:
    'Roles, grants and server settings (not in a backup); whether the rows are genuine: run verify-db and ' +
    'verify-db --seals --checkpoint on the restored database.',
};

function sourceOf(header: BackupHeader | null): BackupReport['source'] {
  if (!header) return null;
  const s = header.source;
  return { server: s.server, database: s.database, server_version: s.server_version, snapshot_at: header.snapshot_at };
}

function tablesOf(trailer: BackupTrailer | null): BackupReport['tables'] {
  return (trailer?.manifest ?? []).map((m) => ({ table: m.table, rows: m.rows, bytes: m.bytes, sha256: m.sha256 }));
}

export function backupReport(result: BackupResult, facts: ReportFacts): BackupReport {
  const { header, trailer } = result;
  return {
    report: REPORT_VERSION,
    format: 'backup-v1',
    operation: 'backup',
    outcome: 'clean',
    subject: {
      type: 'database',
      server: header.source.server,
      server_version: header.source.server_version,
      database: header.source.database,
      snapshot_at: header.snapshot_at,
      rows: trailer.rows,
    },
    total: trailer.rows,
    ok: trailer.rows,
    findings: [],
    findings_not_listed: 0,
    method: METHOD.backup,
    not_covered: NOT_COVERED.backup,
    ...facts,
    backup_id: header.backup_id,
    file: { path: result.path, size: result.size, sha256: result.sha256 },
    source: sourceOf(header),
    target: null,
    tables: tablesOf(trailer),
    backup_duration_ms: result.durationMs,
    verify_duration_ms: null,
    restore_duration_ms: null,
  };
}

export function verifyReport(check: BackupCheck, facts: ReportFacts): BackupReport {
  const f = check.fault;
  const findings = f
    ? [
        // No `position`: the text report reads a position as a row; the section is in the detail.
        finding(f.kind, { detail: { offset: f.offset, section: f.section, table: f.table, message: f.message } }),
      ]
    : [];
  return {
    report: REPORT_VERSION,
    format: 'backup-v1',
    operation: 'verify',
    outcome: outcomeOf(findings, 0),
    subject: { type: 'file', path: check.path, name: path.basename(check.path), size: check.size, sha256: check.sha256 },
    total: check.rows,
    ok: f ? 0 : check.rows,
    findings,
    findings_not_listed: 0,
    method: METHOD.verify,
    not_covered: NOT_COVERED.verify,
    ...facts,
    backup_id: check.header?.backup_id ?? null,
    file: { path: check.path, size: check.size, sha256: check.sha256 },
    source: sourceOf(check.header),
    target: null,
    tables: tablesOf(check.trailer),
    backup_duration_ms: check.trailer?.duration_ms ?? null,
    verify_duration_ms: check.durationMs,
    restore_duration_ms: null,
  };
}

export function restoreReport(result: RestoreResult, server: string, facts: ReportFacts): BackupReport {
  const { check } = result;
  return {
    ...verifyReport(check, facts),
    operation: 'restore',
    method: METHOD.restore,
    not_covered: NOT_COVERED.restore,
    target: { server, database: result.database, server_version: result.serverVersion },
    restore_duration_ms: result.restoreMs,
  };
}
