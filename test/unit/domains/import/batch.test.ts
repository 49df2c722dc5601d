import { describe, expect, it } from 'vitest';
import { auditCopyPrefix } from '../../../../src-main/domains/import/audit-copy';
import { Batch, KEY_FIELDS } from '../../../../src-main/domains/import/batch';
import type { MappedAuditRow } from '../../../../src-main/domains/import/map-line';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, CopyBuffer } from '../../../../src-main/integrity/copy-binary';
import { parseCopyTextRow } from '../../../../src-main/integrity/copy-text';

const IMPORT_ID = '11111111-2222-4333-8444-555555555555';

function row(n: number, email: string | null): MappedAuditRow {
  return {
    trace_id: `0c607fe9-a4d5-4af8-9127-${String(n).padStart(12, '0')}`,
    actor_name: `Actor ${n}`,
    actor_email: email,
    actor_role: null,
    drag_mode: 'draft',
    workflow_name: 'sync-slack',
    parameters: '{}',
    outcome: 'success',
    error: null,
    duration_seconds: null,
    input_sources: '[]',
    input_constraints: '[]',
    mission_objective: null,
    mission_success_criteria: '[]',
    integrity_hash: String(n).repeat(64).slice(0, 64),
    created_at: '2026-03-10 13:44:44',
  };
}

const hash = (n: number) => String.fromCharCode(0x61 + n).repeat(64);

/** Splits COPY BINARY rows of console_import_lines back into their six fields. */
function custodyRows(data: Buffer): { auditLogId: string; importId: string; line: bigint; traceId: string; hash: string; raw: string }[] {
  expect(data.subarray(0, COPY_BINARY_HEADER.length)).toEqual(COPY_BINARY_HEADER);
  expect(data.subarray(data.length - 2)).toEqual(COPY_BINARY_TRAILER);
  const uuid = (b: Buffer) => b.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
  const rows = [];
  let p = COPY_BINARY_HEADER.length;
  while (p < data.length - 2) {
    expect(data.readInt16BE(p)).toBe(6);
    p += 2;
    const fields: Buffer[] = [];
    for (let f = 0; f < 6; f++) {
      const n = data.readInt32BE(p);
      fields.push(data.subarray(p + 4, p + 4 + n));
      p += 4 + n;
    }
    rows.push({
      auditLogId: uuid(fields[0]!),
      importId: uuid(fields[1]!),
      line: fields[2]!.readBigInt64BE(0),
      traceId: uuid(fields[3]!),
      hash: fields[4]!.toString('latin1'),
      raw: fields[5]!.toString('utf8'),
    });
  }
  return rows;
}

describe('Batch', () => {
  it('encodes each line for both COPYs, keeps its keys, and looks users up once per address', () => {
    const batch = new Batch(3, IMPORT_ID);
    batch.add(7, hash(0), Buffer.from('{"line": 7}'), row(1, 'ada@example.org'));
    batch.add(9, hash(1), Buffer.from('{"é": 9}'), row(2, null));
    expect(batch.full).toBe(false);
    batch.add(12, hash(2), Buffer.from('{"line": 12}'), row(3, 'ada@example.org'));
    expect(batch.full).toBe(true);
    expect(batch.emails).toEqual(['ada@example.org']);

    expect(batch.key(1)).toBe(row(2, null).trace_id + hash(1));
    expect(batch.keyArray([0, 2], KEY_FIELDS.traceId)).toBe(`{${row(1, null).trace_id},${row(3, null).trace_id}}`);
    expect(batch.keyArray([1], KEY_FIELDS.originalHash)).toBe(`{${hash(1)}}`);
    expect(batch.keyArray([2], KEY_FIELDS.dbV1Hash)).toBe(`{${row(3, null).integrity_hash}}`);
    expect(batch.keyArray([], KEY_FIELDS.traceId)).toBe('{}');

    const userId = '99999999-8888-4777-8666-555555555555';
    const audit = batch.auditCopy([0, 1, 2], [userId]).toString('utf8').split('\n');
    expect(audit.pop()).toBe('');
    const auditRows = audit.map(parseCopyTextRow);
    expect(auditRows.map((r) => r.at(-1))).toEqual([userId, null, userId]);

    const custody = custodyRows(batch.custodyCopy([0, 1, 2]));
    expect(custody.map((c) => [c.importId, c.line, c.traceId, c.hash, c.raw])).toEqual([
      [IMPORT_ID, 7n, row(1, null).trace_id, hash(0), '{"line": 7}'],
      [IMPORT_ID, 9n, row(2, null).trace_id, hash(1), '{"é": 9}'],
      [IMPORT_ID, 12n, row(3, null).trace_id, hash(2), '{"line": 12}'],
    ]);
    // The audit row and its custody line share the id made for them.
    expect(auditRows.map((r) => r[0])).toEqual(custody.map((c) => c.auditLogId));
    const second = parseCopyTextRow(`${auditCopyPrefix(custody[1]!.auditLogId, row(2, null))}\\N`);
    expect(auditRows[1]!.slice(0, -1)).toEqual(second.slice(0, -1));

    // A subset keeps its lines' own rows.
    expect(custodyRows(batch.custodyCopy([2])).map((c) => c.line)).toEqual([12n]);
    expect(parseCopyTextRow(batch.auditCopy([1], [userId]).toString('utf8').slice(0, -1))[0]).toBe(custody[1]!.auditLogId);
  });

  it('is full at its byte limit too, and sends a whole batch as it lies (a retry sends the same bytes)', () => {
    const batch = new Batch(100, IMPORT_ID, 2000);
    let n = 0;
    while (!batch.full) batch.add(++n, hash(n % 20), Buffer.from('x'.repeat(200)), row(n, null));
    expect(n).toBeGreaterThan(2);
    expect(n).toBeLessThan(100);
    expect(batch.audit.length + batch.custody.length).toBeGreaterThanOrEqual(2000);
    const all = Array.from({ length: n }, (_, i) => i);
    const first = Buffer.from(batch.custodyCopy(all));
    expect(custodyRows(first).map((c) => c.line)).toEqual(all.map((i) => BigInt(i + 1)));
    expect(Buffer.from(batch.custodyCopy(all))).toEqual(first);
    // Into a writer's own buffer: the same rows.
    const into = new CopyBuffer(16);
    expect(batch.auditCopy(all, [], into)).toEqual(batch.auditCopy(all, []));
    expect(into.length).toBe(batch.auditCopy(all, []).length);
  });

  it('is empty again after reset, keeping its buffers', () => {
    const batch = new Batch(2, IMPORT_ID);
    batch.add(1, hash(0), Buffer.from('x'), row(1, 'a@example.org'));
    const buffer = batch.audit.buf;
    batch.reset();
    // The custody buffer keeps only COPY BINARY's header, ready for the next lines.
    expect([batch.count, batch.audit.length, batch.custody.length, batch.emails.length]).toEqual([0, 0, COPY_BINARY_HEADER.length, 0]);
    expect(batch.audit.buf).toBe(buffer);
    batch.add(5, hash(1), Buffer.from('y'), row(2, 'b@example.org'));
    expect(batch.emails).toEqual(['b@example.org']);
    expect(custodyRows(batch.custodyCopy([0])).map((c) => c.line)).toEqual([5n]);
  });
});
