/** A seal-v1 verification as a govcon/v2 report (shared/model/report.ts, docs/seal-format.md §9). */
import type { SealReport } from '../../shared/model/report';
import { outcomeOf, REPORT_VERSION } from '../../shared/model/report-values';
import { databaseSubject, type ReportFacts } from '../verification/reports/facts';
import type { SealVerificationResult } from './verify-seals';

export const SEAL_V1_METHOD =
  'seal-v1 (docs/seal-format.md): in one REPEATABLE READ snapshot, for audit_logs and console_events, every seal’s signed note ' +
  'checked against the trusted keys only (keys stored in the database are shown, never trusted), its checkpoint text against the ' +
  'seal row, its consistency proof from the previous seal; every leaf record against the signed roots; every row read with COPY ' +
  'in (time, id) order, its canonical row over every column hashed and compared with its leaf record (paired by id); rows in no ' +
  'seal below the newest horizon reported inserted; given checkpoints proved to be extended by the log; db-v1 over the same rows.';

export const SEAL_V1_NOT_COVERED =
  'A seal proves the rows it sealed, as they were when sealed: rows newer than the newest horizon (and rows the console imported ' +
  'after the last seal) are counted as not yet sealed, not judged. Whoever holds a trusted signing key could re-seal a rewritten ' +
  'history from scratch: only a checkpoint kept outside the database (--checkpoint) or a cosignature by another trusted key ' +
  'catches that. A sealed row deleted together with its leaf record and seal is seen only against such a checkpoint. ' +
  'Columns added after sealing are named (schema-changed) but their values are not covered.';

export function sealReport(result: SealVerificationResult, facts: ReportFacts): SealReport {
  return {
    report: REPORT_VERSION,
    format: 'seal-v1',
    outcome: outcomeOf(result.findings, result.findings_not_listed),
    subject: databaseSubject(result.snapshot, result.rows),
    total: result.total,
    ok: result.ok,
    sealed_rows: result.sealed_rows,
    unsealed_rows: result.unsealed_rows,
    seals: result.seals,
    db_v1: result.db_v1,
    signers: result.signers,
    findings: result.findings,
    findings_not_listed: result.findings_not_listed,
    method: SEAL_V1_METHOD,
    not_covered: SEAL_V1_NOT_COVERED,
    ...facts,
  };
}
