import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbV1Hash } from '../../../src-main/integrity/db-v1';
import { DB_V1_BLIND_SPOTS, verifyDatabase } from '../../../src-main/domains/verification/verify-db';
import { dbV1Report } from '../../../src-main/domains/verification/reports/db-v1';
import { reportFacts } from '../../../src-main/domains/verification/reports/facts';
import type { TestDatabase } from '../../support/test-db';
import { govcon, insertAuditRows, sql, verifyDatabaseFixture, type AuditRow } from './support';

let db: TestDatabase;
beforeAll(async () => {
  db = await verifyDatabaseFixture('verify_tamper');
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await sql(db.url, 'TRUNCATE audit_logs CASCADE');
});

const verify = () => verifyDatabase({ connectionString: db.url });

/** A row whose stored hash is db-v1 of its own fields (created_at as PostgreSQL prints it). */
function sealed(n: number, createdAt: string | null, fields: Partial<AuditRow> = {}): AuditRow {
  const hex = n.toString(16).padStart(12, '0');
  const row: AuditRow = {
    id: `00000000-0000-4000-8000-${hex}`,
    trace_id: `11111111-1111-4111-9111-${hex}`,
    actor_name: `Actor ${n}`,
    actor_email: `actor${n}@example.org`,
    actor_role: 'SRE',
    drag_mode: 'research',
    workflow_name: 'deploy-to-staging',
    outcome: 'success',
    created_at: createdAt,
    integrity_hash: '',
    parameters: { environment: 'staging', n },
    ...fields,
  };
  // PostgreSQL prints a uuid in lowercase: that is what the service hashed.
  row.integrity_hash = dbV1Hash({ ...row, trace_id: row.trace_id.toLowerCase() }) as string;
  return row;
}

/** What PostgreSQL stores for a row now, as text (what the verifier must report and hash). */
async function stored(id: string) {
  const [row] = await sql<Omit<AuditRow, 'integrity_hash'> & { integrity_hash: string }>(
    db.url,
    `SELECT id::text, trace_id::text, actor_name, actor_email, actor_role, drag_mode, workflow_name, outcome,
            created_at::text AS created_at, integrity_hash
       FROM audit_logs WHERE id = $1`,
    [id],
  );
  return row!;
}

describe('db-v1 over a real audit_logs table', () => {
  it('names exactly the rows tampered with in SQL, in (created_at, id) order, with both hashes', async () => {
    const rows = [
      sealed(1, '2026-01-01 08:00:00'),
      sealed(2, '2026-01-01 09:00:00.5'),
      sealed(3, '2026-01-02 10:11:12.123456'), // outcome changed below
      sealed(4, '2026-01-03 00:00:00.000001'), // created_at + 1 µs below
      sealed(5, '2026-01-04 12:00:00'),
      sealed(6, '2026-01-01 07:00:00.25'), // actor_name + ' ' below (earliest of the three)
      sealed(7, '2026-01-05 00:00:00'),
      sealed(0x0f, '2026-01-06 06:06:06.06'), // same created_at as 0x0e, id sorts after it
      sealed(0x0e, '2026-01-06 06:06:06.06'),
      sealed(8, null),
    ];
    await insertAuditRows(db.url, rows);
    const before = await verify();
    expect(before).toMatchObject({
      format: 'db-v1',
      total: 10,
      ok: 10,
      tampered: 0,
      unverifiable: 0,
      failures: [],
      failures_not_listed: 0,
    });

    await sql(db.url, "UPDATE audit_logs SET outcome = 'failure' WHERE id = $1", [rows[2]!.id]);
    await sql(db.url, "UPDATE audit_logs SET created_at = created_at + interval '1 microsecond' WHERE id = $1", [rows[3]!.id]);
    await sql(db.url, "UPDATE audit_logs SET actor_name = actor_name || ' ' WHERE id = $1", [rows[5]!.id]);
    // Both rows of the same instant, the later id first in the table: the id decides.
    await sql(db.url, "UPDATE audit_logs SET drag_mode = 'execute' WHERE id = ANY($1::uuid[])", [[rows[7]!.id, rows[8]!.id]]);

    const result = await verify();
    expect(result).toMatchObject({ total: 10, ok: 5, tampered: 5, unverifiable: 0, failures_not_listed: 0 });
    const expectedOrder = [rows[5]!, rows[2]!, rows[3]!, rows[8]!, rows[7]!];
    expect(result.failures.map((f) => f.id)).toEqual(expectedOrder.map((r) => r.id));
    for (const [i, original] of expectedOrder.entries()) {
      const now = await stored(original.id);
      expect(result.failures[i]).toEqual({
        id: original.id,
        trace_id: original.trace_id,
        created_at: now.created_at,
        stored: original.integrity_hash,
        computed: dbV1Hash(now),
        verdict: 'tampered',
        reason: 'hash-mismatch',
        // 1-based, in (created_at, id) order among all ten rows.
        position: [1, 4, 5, 8, 9][i],
      });
    }
    // As PostgreSQL prints them: the microsecond shows, trailing zeros do not.
    expect(result.failures.map((f) => f.created_at)).toEqual([
      '2026-01-01 07:00:00.25',
      '2026-01-02 10:11:12.123456',
      '2026-01-03 00:00:00.000002',
      '2026-01-06 06:06:06.06',
      '2026-01-06 06:06:06.06',
    ]);
    expect(result.failures[0]!.computed).not.toBe(result.failures[0]!.stored);
  });

  it('does not see changes to the nine uncovered columns nor deleted rows, and says so', async () => {
    const rows = [sealed(1, '2026-02-01 10:00:00.1'), sealed(2, '2026-02-02 10:00:00'), sealed(3, '2026-02-03 10:00:00.999999')];
    await insertAuditRows(db.url, rows);
    const [user] = await sql<{ id: string }>(
      db.url,
      "INSERT INTO users (email, name) VALUES ('someone@example.org', 'Someone') RETURNING id::text",
    );
    await sql(
      db.url,
      `UPDATE audit_logs
          SET parameters = '{"environment": "production", "approved_by": "nobody"}',
              error = 'invented later',
              duration_seconds = 9999.999,
              input_sources = '[{"type": "forged"}]',
              input_constraints = '["none"]',
              mission_objective = 'Something else entirely',
              mission_success_criteria = '[]',
              user_id = $2
        WHERE id = $1`,
      [rows[0]!.id, user!.id],
    );
    await sql(db.url, "UPDATE audit_logs SET id = '99999999-9999-4999-8999-999999999999' WHERE id = $1", [rows[1]!.id]);
    await sql(db.url, 'DELETE FROM audit_logs WHERE id = $1', [rows[2]!.id]);

    const result = await verify();
    expect(result).toMatchObject({ total: 2, ok: 2, tampered: 0, unverifiable: 0, failures: [] });
    // Every report states it, in words.
    const notCovered = dbV1Report(result, reportFacts('0.0.0', 'tests')).not_covered;
    for (const column of [
      'id',
      'user_id',
      'parameters',
      'error',
      'duration_seconds',
      'input_sources',
      'input_constraints',
      'mission_objective',
      'mission_success_criteria',
    ]) {
      expect(notCovered).toContain(column);
    }
    expect(notCovered).toMatch(/deleted rows/);
    expect(notCovered).toBe(DB_V1_BLIND_SPOTS);
  });

  it('calls a row unverifiable when its stored hash cannot be db-v1 or Python cannot hold its created_at', async () => {
    const good = sealed(1, '2026-03-01 00:00:00');
    const upper = sealed(2, '2026-03-02 00:00:00');
    upper.integrity_hash = upper.integrity_hash.toUpperCase();
    const short = sealed(3, '2026-03-03 00:00:00');
    short.integrity_hash = short.integrity_hash.slice(0, 63);
    const empty = { ...sealed(4, '2026-03-04 00:00:00'), integrity_hash: '' };
    const notHex = { ...sealed(5, '2026-03-05 00:00:00'), integrity_hash: 'g'.repeat(64) };
    // created_at values the column allows and Python's datetime cannot hold (hashes sealed
    // with an ordinary time, as a service would have had to).
    const infinity = { ...sealed(6, '2026-03-06 00:00:00'), created_at: 'infinity' };
    const minusInfinity = { ...sealed(7, '2026-03-07 00:00:00'), created_at: '-infinity' };
    const bc = { ...sealed(8, '2026-03-08 00:00:00'), created_at: '0044-03-15 12:00:00 BC' };
    const year10000 = { ...sealed(9, '2026-03-09 00:00:00'), created_at: '10000-01-01 00:00:00' };
    // A well-formed hash that is simply wrong is tampered, not unverifiable.
    const wrong = { ...sealed(10, '2026-03-10 00:00:00'), integrity_hash: 'f'.repeat(64) };
    await insertAuditRows(db.url, [good, upper, short, empty, notHex, infinity, minusInfinity, bc, year10000, wrong]);

    const result = await verify();
    expect(result).toMatchObject({ total: 10, ok: 1, tampered: 1, unverifiable: 8 });
    const byId = new Map(result.failures.map((f) => [f.id, f]));
    for (const r of [upper, short, empty, notHex]) {
      expect(byId.get(r.id)).toEqual({
        id: r.id,
        trace_id: r.trace_id,
        created_at: r.created_at,
        stored: r.integrity_hash,
        computed: dbV1Hash(r),
        verdict: 'unverifiable',
        reason: 'bad-stored-hash',
        position: expect.any(Number),
      });
    }
    const printed = {
      [infinity.id]: 'infinity',
      [minusInfinity.id]: '-infinity',
      [bc.id]: '0044-03-15 12:00:00 BC',
      [year10000.id]: '10000-01-01 00:00:00',
    };
    for (const r of [infinity, minusInfinity, bc, year10000]) {
      expect(byId.get(r.id)).toEqual({
        id: r.id,
        trace_id: r.trace_id,
        created_at: printed[r.id],
        stored: r.integrity_hash,
        computed: null,
        verdict: 'unverifiable',
        reason: 'bad-created-at',
        position: expect.any(Number),
      });
    }
    expect(byId.get(wrong.id)).toMatchObject({
      verdict: 'tampered',
      reason: 'hash-mismatch',
      stored: 'f'.repeat(64),
      computed: dbV1Hash(wrong),
    });
    // (created_at, id) order: -infinity and BC first, then the finite ones, then infinity.
    expect(result.failures.map((f) => f.id)).toEqual(
      [minusInfinity, bc, upper, short, empty, notHex, wrong, year10000, infinity].map((r) => r.id),
    );
    // Their positions among the ten rows: the good row is the third.
    expect(result.failures.map((f) => f.position)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('hashes a NULL created_at as null, and lists such rows last', async () => {
    const nullOk = sealed(1, null);
    // Sealed with a time that is not there.
    const nullTampered = { ...sealed(2, '2026-04-01 00:00:00'), created_at: null };
    const dated = sealed(3, '2026-04-02 00:00:00');
    await insertAuditRows(db.url, [nullOk, nullTampered, dated]);
    expect(dbV1Hash({ ...nullOk, created_at: null })).toBe(nullOk.integrity_hash);

    const result = await verify();
    expect(result).toMatchObject({ total: 3, ok: 2, tampered: 1, unverifiable: 0 });
    expect(result.failures).toEqual([
      {
        position: 3,
        id: nullTampered.id,
        trace_id: nullTampered.trace_id,
        created_at: null,
        stored: nullTampered.integrity_hash,
        computed: dbV1Hash({ ...nullTampered, created_at: null }),
        verdict: 'tampered',
        reason: 'hash-mismatch',
      },
    ]);
  });

  it('verifies an empty table: nothing to check is a finding of its own', async () => {
    const result = await verify();
    expect(result).toMatchObject({ format: 'db-v1', total: 0, ok: 0, tampered: 0, unverifiable: 0, failures: [], failures_not_listed: 0 });
    const cli = await govcon(['verify-db', '--url', db.url, '--json']);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout)).toMatchObject({
      format: 'db-v1',
      outcome: 'findings',
      total: 0,
      findings: [expect.objectContaining({ kind: 'empty', reason: 'no-rows' })],
    });
  });

  it('verifies awkward text inserted with bound parameters and hashed with dbV1Hash', async () => {
    const names = [
      'Tab\there',
      'New\nline and CR\r',
      'Back\\slash \\t \\n \\N \\\\',
      '\\N',
      '\\.',
      'ends with a backslash\\',
      '😀 Émile 李小龍 𝄞 \u{10FFFF}',
      'Quotes "double" and \'single\'',
      'Controls \x01\x07\x08\x0b\x0c\x1b\x7f and \u0085\u2028\u2029',
      '  spaces around  ',
      'Zoë Ångström',
      '',
    ];
    const rows = names.map((name, i) =>
      sealed(i + 1, `2026-05-0${1 + (i % 9)} 0${i % 10}:00:00.${String(i + 1).padStart(6, '0')}`, {
        actor_name: name,
        actor_email: i % 3 === 0 ? null : `${name.replace(/\s/g, '_').slice(0, 20)}@example.org`,
        actor_role: i % 4 === 0 ? null : name.slice(0, 50),
        workflow_name: `wf\t${i}\\${name.slice(0, 40)}`,
        parameters: { note: name, nested: [name, { '😀': name }] },
      }),
    );
    // A uuid given in capitals is printed (and so hashed) in lowercase by PostgreSQL.
    const upperTrace = sealed(100, '2026-05-10 10:10:10', { trace_id: 'ABCDEF01-2345-4678-9ABC-DEF012345678' });
    rows.push(upperTrace);
    await insertAuditRows(db.url, rows);

    // What was stored is what was meant (the bound parameters went through unchanged).
    for (const r of rows.slice(0, names.length)) expect((await stored(r.id)).actor_name).toBe(r.actor_name);

    const result = await verify();
    expect(result.failures).toEqual([]);
    expect(result).toMatchObject({ total: rows.length, ok: rows.length, tampered: 0, unverifiable: 0 });

    // Changing one character of an awkward value is seen.
    await sql(db.url, 'UPDATE audit_logs SET actor_name = $2 WHERE id = $1', [rows[6]!.id, names[6]!.replace('😀', '😁')]);
    const after = await verify();
    expect(after.failures.map((f) => f.id)).toEqual([rows[6]!.id]);
  });

  it('lists at most maxListed failures and counts the rest', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ ...sealed(i + 1, `2026-06-01 00:00:0${i}`), integrity_hash: 'a'.repeat(64) }));
    await insertAuditRows(db.url, rows);
    const result = await verifyDatabase({ connectionString: db.url }, { maxListed: 3 });
    expect(result).toMatchObject({ total: 7, tampered: 7, failures_not_listed: 4 });
    expect(result.failures.map((f) => f.id)).toEqual(rows.slice(0, 3).map((r) => r.id));
  });
});
