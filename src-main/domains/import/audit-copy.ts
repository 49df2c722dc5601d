/**
 * The audit_logs rows an import writes, in COPY TEXT: which columns a line gives, the COPY
 * statement, and a row's encoding up to user_id (looked up only when its batch is written).
 */
import { copyField, copyJson } from '../../integrity/copy-text-writer';
import { AUDIT_LOG_COLUMNS, type AuditLogColumn } from '../../schema/audit-logs';
import type { MappedAuditRow } from './map-line';

/** The columns a line gives: all but id (made by the import: it links the row to its custody line) and user_id. */
export type LineColumn = Exclude<AuditLogColumn, 'id' | 'user_id'>;

/** {@link LineColumn}s in the table's order. */
export const LINE_COLUMNS: readonly LineColumn[] = AUDIT_LOG_COLUMNS.filter((c): c is LineColumn => c !== 'id' && c !== 'user_id');

type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AssertTrue<T extends true> = T;
/** Compiles only while a mapped row holds exactly the columns a line gives (a column added to one only fails here). */
export type MappedRowMatchesLineColumns = AssertTrue<SameKeys<keyof MappedAuditRow, LineColumn>>;

/** user_id last: it is looked up when the batch is written, the rest is encoded as lines are read. */
export const AUDIT_IMPORT_COLUMNS: readonly AuditLogColumn[] = ['id', ...LINE_COLUMNS, 'user_id'];

export const COPY_AUDIT_ROWS = `COPY audit_logs (${AUDIT_IMPORT_COLUMNS.join(', ')}) FROM STDIN`;

/**
 * The COPY TEXT of an audit_logs row in {@link AUDIT_IMPORT_COLUMNS} order, up to and including
 * the tab before user_id. Written out column by column because it runs once per line: uuids,
 * vocabulary words, hashes and timestamps need no escaping, jsonb text only of `\`.
 */
export function auditCopyPrefix(id: string, r: MappedAuditRow): string {
  return (
    id +
    '\t' +
    r.trace_id +
    '\t' +
    copyField(r.actor_name) +
    '\t' +
    copyField(r.actor_email) +
    '\t' +
    copyField(r.actor_role) +
    '\t' +
    r.drag_mode +
    '\t' +
    copyField(r.workflow_name) +
    '\t' +
    copyJson(r.parameters) +
    '\t' +
    r.outcome +
    '\t' +
    copyField(r.error) +
    '\t' +
    copyField(r.duration_seconds) +
    '\t' +
    copyJson(r.input_sources) +
    '\t' +
    copyJson(r.input_constraints) +
    '\t' +
    copyField(r.mission_objective) +
    '\t' +
    copyJson(r.mission_success_criteria) +
    '\t' +
    r.integrity_hash +
    '\t' +
    r.created_at +
    '\t'
  );
}
