import { describe, expect, it } from 'vitest';
import { recordFigure } from '../../support/figures';
import {
  BACKUP_FORMAT,
  BACKUP_MAGIC,
  BackupFault,
  BackupReader,
  BackupWriter,
  type BackupHeader,
} from '../../../src-main/integrity/backup-v1';

/**
 * govcon-backup/1 (docs/formats.md "Backups"): a small backup built in memory, then every cut
 * and every changed byte, and splices of two backups of the same rows, must be refused by the
 * reader with a fault naming where; the sound file must read back to exactly its rows.
 */

function header(id: string): BackupHeader {
  return {
    format: BACKUP_FORMAT,
    backup_id: id,
    snapshot_at: '2026-12-01T10:00:00.000000Z',
    console_version: 'test',
    operator: 'Test',
    source: { server: 'localhost:5432', database: 'db', server_version: '15.0', server_version_num: 150000 },
    session: { DateStyle: 'ISO, YMD' },
    migrations: ['m1'],
    tables: [
      { name: 'users', columns: [{ name: 'id', type: 'uuid' }] },
      { name: 'empty', columns: [{ name: 'x', type: 'text' }] },
      {
        name: 'audit_logs',
        columns: [
          { name: 'id', type: 'uuid' },
          { name: 'note', type: 'text' },
        ],
      },
    ],
    sequences: [],
  };
}

const ROWS: Record<string, string[]> = {
  users: ['u1\n', 'u2\n'],
  empty: [],
  // Rows that look like structure to a careless reader: COPY escapes a leading backslash.
  audit_logs: ['a1\t\\\\.S not a section\n', 'a2\tE {"x":1}\n', 'a3\t\\N\n'],
};

function build(id: string): Buffer {
  const w = new BackupWriter(header(id));
  const parts: Buffer[] = [w.headerLine];
  for (const t of w.header.tables) {
    parts.push(w.startSection(t.name));
    for (const row of ROWS[t.name]!) {
      const b = Buffer.from(row);
      w.rows(b);
      parts.push(b);
    }
    parts.push(w.endSection());
  }
  parts.push(w.trailer(12, '2026-12-01T10:00:01.000Z').bytes);
  return Buffer.concat(parts);
}

/** Reads `bytes` in chunks of `size`; the fault, or null and the rows per table. */
function read(bytes: Buffer, size = bytes.length): { fault: BackupFault | null; rows: Record<string, string> } {
  const rows: Record<string, string> = {};
  let current = '';
  const reader = new BackupReader({
    sectionStart: (_i, t) => {
      current = t.name;
      rows[current] = '';
    },
    rows: (data) => (rows[current] += data.toString()),
  });
  try {
    for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
    reader.end();
    return { fault: null, rows };
  } catch (error) {
    if (error instanceof BackupFault) return { fault: error, rows };
    throw error;
  }
}

const A = build('a'.repeat(32));
const B = build('b'.repeat(32));

describe('govcon-backup/1', () => {
  it('starts with its magic and reads back to exactly its rows, in chunks of any size', () => {
    expect(A.subarray(0, BACKUP_MAGIC.length).toString()).toBe(BACKUP_MAGIC);
    for (const size of [1, 2, 3, 7, 64, A.length]) {
      const { fault, rows } = read(A, size);
      expect(fault).toBeNull();
      expect(rows).toEqual({ users: 'u1\nu2\n', empty: '', audit_logs: ROWS.audit_logs!.join('') });
    }
  });

  it('refuses every cut, every changed byte and every splice (the figure)', () => {
    let tried = 0;
    let accepted = 0;
    const damaged = (bytes: Buffer) => {
      tried++;
      if (read(bytes, 13).fault === null) accepted++;
    };
    for (let cut = 0; cut < A.length; cut++) damaged(A.subarray(0, cut));
    for (let at = 0; at < A.length; at++) {
      for (const flip of [0x01, 0x20, 0x80]) {
        const changed = Buffer.from(A);
        changed[at] = changed[at]! ^ flip;
        damaged(changed);
      }
    }
    for (let at = 1; at < A.length; at++) {
      const spliced = Buffer.concat([A.subarray(0, at), B.subarray(at)]);
      if (!spliced.equals(A) && !spliced.equals(B)) damaged(spliced);
    }
    damaged(Buffer.concat([A, B]));
    expect(accepted).toBe(0);
    recordFigure('backup-damage-refused', {
      what: 'A backup cut at every offset, each byte changed (3 bit flips each), spliced with another backup at every offset, and two joined',
      inputs: tried,
      failures: accepted,
      detail: `a ${A.length}-byte backup of 3 tables; every damaged file refused by the reader, naming where`,
    });
  });

  it('refuses the file cut at every offset, naming where it ends', () => {
    let refused = 0;
    for (let cut = 0; cut < A.length; cut++) {
      const { fault } = read(A.subarray(0, cut), 5);
      expect(fault, `cut at ${cut}`).not.toBeNull();
      if (cut > 0) expect(fault!.message).toMatch(/byte \d+/);
      refused++;
    }
    expect(refused).toBe(A.length);
  });

  it('refuses every single changed byte (each of 3 flips at every offset)', () => {
    let refused = 0;
    for (let at = 0; at < A.length; at++) {
      for (const flip of [0x01, 0x20, 0x80]) {
        const changed = Buffer.from(A);
        changed[at] = changed[at]! ^ flip;
        const { fault } = read(changed, 16);
        expect(fault, `byte ${at} ^ ${flip}`).not.toBeNull();
        refused++;
      }
    }
    expect(refused).toBe(A.length * 3);
  });

  it('refuses two backups spliced at every offset, and one joined after the other', () => {
    expect(A.length).toBe(B.length);
    for (let at = 1; at < A.length; at++) {
      const spliced = Buffer.concat([A.subarray(0, at), B.subarray(at)]);
      // Before the first byte that differs the splice is B itself, after the last it is A: both sound.
      if (spliced.equals(A) || spliced.equals(B)) continue;
      expect(read(spliced).fault, `splice at ${at}`).not.toBeNull();
    }
    const joined = read(Buffer.concat([A, B]));
    expect(joined.fault?.kind).toBe('data-after-trailer');
  });

  it('names the table whose rows changed, and the section from another backup', () => {
    const at = A.indexOf('a2\t');
    const changed = Buffer.from(A);
    changed[at + 1] = '3'.charCodeAt(0);
    const { fault } = read(changed);
    expect(fault?.kind).toBe('digest-mismatch');
    expect(fault?.table).toBe('audit_logs');
    expect(fault?.section).toBe(3);

    // Section 3 of B in place of section 3 of A (whole sections, on line boundaries).
    const start = (buf: Buffer) => buf.indexOf('\\.S {"backup_id":"', buf.indexOf('"index":2') - 60);
    const spliced = Buffer.concat([A.subarray(0, start(A)), B.subarray(start(B))]);
    const splice = read(spliced).fault;
    expect(splice?.kind).toBe('foreign-section');
    expect(splice?.message).toMatch(/spliced/);
  });

  it('says what a file that is not a backup is', () => {
    expect(read(Buffer.from('PGDMP\u0000\u0001')).fault?.kind).toBe('not-a-backup');
    expect(read(Buffer.from('')).fault?.kind).toBe('truncated');
    const v2 = Buffer.from(A.toString().replace(BACKUP_FORMAT, 'govcon-backup/2'));
    expect(read(v2).fault?.kind).toBe('unsupported-format');
  });
});
