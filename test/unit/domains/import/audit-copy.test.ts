import { describe, expect, it } from 'vitest';
import { AUDIT_IMPORT_COLUMNS, auditCopyPrefix, COPY_AUDIT_ROWS, LINE_COLUMNS } from '../../../../src-main/domains/import/audit-copy';
import type { MappedAuditRow } from '../../../../src-main/domains/import/map-line';
import { parseCopyTextRow } from '../../../../src-main/integrity/copy-text';
import { AUDIT_LOG_COLUMNS } from '../../../../src-main/schema/audit-logs';
import { SERVICE_TABLES } from '../../../../src-main/schema/service-schema';

const ID = '5d0f2c1e-8a43-4c3b-9d0e-2f6a1b7c8d9e';

/** A row whose text columns hold every character COPY TEXT must escape. */
const ROW: MappedAuditRow = {
  trace_id: '0c607fe9-a4d5-4af8-9127-bd471e7ce857',
  actor_name: 'Ana\\Back\tslash',
  actor_email: null,
  actor_role: 'SRE\r\n',
  drag_mode: 'draft',
  workflow_name: 'sync-slack',
  parameters: '{"path": "C:\\\\tmp", "s": "\\u00e9"}',
  outcome: 'failure',
  error: 'line one\nline two',
  duration_seconds: '123.456',
  input_sources: '[]',
  input_constraints: null,
  mission_objective: 'Ship it',
  mission_success_criteria: '["Zero downtime"]',
  integrity_hash: 'a'.repeat(64),
  created_at: '2026-03-10 13:44:44.120000',
};

describe('audit_logs columns', () => {
  it('are the service schema’s, in its order', () => {
    expect([...AUDIT_LOG_COLUMNS]).toEqual(SERVICE_TABLES.audit_logs!.columns.map(([name]) => name));
  });

  it('are written by the import with user_id last, and compared by custody without id and user_id', () => {
    expect(COPY_AUDIT_ROWS).toBe(
      'COPY audit_logs (id, trace_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, parameters, outcome, error, ' +
        'duration_seconds, input_sources, input_constraints, mission_objective, mission_success_criteria, integrity_hash, created_at, ' +
        'user_id) FROM STDIN',
    );
    expect(AUDIT_IMPORT_COLUMNS).toEqual(['id', ...LINE_COLUMNS, 'user_id']);
    expect([...AUDIT_IMPORT_COLUMNS].sort()).toEqual([...AUDIT_LOG_COLUMNS].sort());
  });
});

describe('auditCopyPrefix', () => {
  it('reads back, as PostgreSQL reads COPY TEXT, as the row in column order once user_id is added', () => {
    const prefix = auditCopyPrefix(ID, ROW);
    expect(prefix.endsWith('\t')).toBe(true);
    const values = parseCopyTextRow(`${prefix}\\N`);
    expect(values).toEqual([ID, ...LINE_COLUMNS.map((c) => ROW[c]), null]);
    expect(values).toHaveLength(AUDIT_IMPORT_COLUMNS.length);
  });
});
