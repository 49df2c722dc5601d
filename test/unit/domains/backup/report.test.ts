import { describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, BackupFault, BackupWriter, type BackupHeader } from '../../../../src-main/integrity/backup-v1';
import { backupReport, restoreReport, verifyReport } from '../../../../src-main/domains/backup/report';
import { reportText } from '../../../../src-main/domains/verification/reports/text';
import { reportFacts } from '../../../../src-main/domains/verification/reports/facts';
import { reportSchema } from '../../../../src-main/shared/model/report';

/** The backup-v1 reports parse with the govcon/v2 schemas, clean or with a fault, and read right as text. */
const header: BackupHeader = {
  format: BACKUP_FORMAT,
  backup_id: 'f'.repeat(32),
  snapshot_at: '2026-12-01T10:00:00.000000Z',
  console_version: 'test',
  operator: 'Test',
  source: { server: 'db.example:5432', database: 'gov', server_version: '15.20', server_version_num: 150020 },
  session: {},
  migrations: ['m'],
  tables: [{ name: 'users', columns: [{ name: 'id', type: 'uuid' }] }],
  sequences: [],
};

function built() {
  const w = new BackupWriter(header);
  w.startSection('users');
  w.rows(Buffer.from('u1\nu2\n'));
  w.endSection();
  return w.trailer(5, '2026-12-01T10:00:01.000Z');
}

const facts = reportFacts('test', { name: 'Ada', email: 'ada@example.org' }, new Date('2026-12-01T10:00:02Z'));
const file = { path: '/backups/gov.gcb', size: 1234, sha256: 'a'.repeat(64) };

describe('backup-v1 reports', () => {
  it('backup, verify and restore parse with the report schema', () => {
    const { trailer } = built();
    const backup = backupReport({ ...file, header, trailer, durationMs: 5 }, facts);
    const check = { ...file, header, trailer, rows: 2, fault: null, durationMs: 3 };
    const verify = verifyReport(check, facts);
    const restore = restoreReport(
      {
        check,
        header,
        trailer,
        database: 'restored',
        serverVersion: '18.4',
        replaced: false,
        migrationsRun: ['m'],
        rows: 2,
        verifyMs: 3,
        restoreMs: 9,
        eventId: null,
      },
      'localhost:5432',
      facts,
    );
    for (const r of [backup, verify, restore]) expect(reportSchema.parse(r)).toEqual(r);
    expect(backup).toMatchObject({ outcome: 'clean', total: 2, subject: { type: 'database', rows: 2 }, backup_duration_ms: 5 });
    expect(verify.tables).toEqual([{ table: 'users', rows: 2, bytes: 6, sha256: trailer.manifest[0]!.sha256 }]);
    expect(restore).toMatchObject({
      operation: 'restore',
      restore_duration_ms: 9,
      backup_duration_ms: 5,
      target: { server_version: '18.4' },
    });
  });

  it('a fault is one finding naming the byte, the section and the table', () => {
    const fault = new BackupFault(
      'digest-mismatch',
      'The rows of section 1 (table users, ending at byte 900) do not match.',
      900,
      1,
      'users',
    );
    const report = verifyReport({ ...file, header, trailer: null, rows: 2, fault, durationMs: 1 }, facts);
    expect(reportSchema.parse(report).outcome).toBe('findings');
    expect(report.findings).toEqual([
      {
        kind: 'digest-mismatch',
        reason: null,
        position: null,
        id: null,
        line: null,
        seal: null,
        detail: { offset: 900, section: 1, table: 'users', message: fault.message },
      },
    ]);
    const text = reportText(report);
    expect(text).toContain('the file is not sound');
    expect(text).toContain('digest-mismatch The rows of section 1 (table users');
  });
});
