import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envProfile } from '../../../src-main/domains/connections/env-profile';
import { splitIntoRanges, type DbRange } from '../../../src-main/domains/verification/db-ranges';
import { verifyDatabase } from '../../../src-main/domains/verification/verify-db';
import { mergeParts, parseWorkers, verifyDatabaseInRanges, type DbSource } from '../../../src-main/domains/verification/verify-db-parallel';
import { dbV1Hash } from '../../../src-main/integrity/db-v1';
import type { TestDatabase } from '../../support/test-db';
import { insertAuditRows, sql, verifyDatabaseFixture, type AuditRow } from './support';

let db: TestDatabase;
let source: DbSource;

/** A row whose stored hash is db-v1 of its own fields. */
function sealed(n: number, createdAt: string | null): AuditRow {
  const hex = n.toString(16).padStart(12, '0');
  const row: AuditRow = {
    id: `00000000-0000-4000-8000-${hex}`,
    trace_id: `22222222-2222-4222-9222-${hex}`,
    actor_name: n % 7 === 0 ? `Zoë "${n}"\t李` : `Actor ${n}`,
    actor_email: n % 5 === 0 ? null : `actor${n}@example.org`,
    actor_role: 'SRE',
    drag_mode: 'research',
    workflow_name: 'deploy-to-staging',
    outcome: 'success',
    created_at: createdAt,
    integrity_hash: '',
  };
  row.integrity_hash = dbV1Hash(row) as string;
  return row;
}

/** 80 instants of ten rows each (ties at every boundary), and rows at the far ends of the order. */
function rows(): AuditRow[] {
  const out: AuditRow[] = [];
  let n = 1;
  for (let k = 0; k < 80; k++) {
    const two = (v: number) => String(v).padStart(2, '0');
    const at = `2026-05-01 ${two(Math.floor(k / 60))}:${two(k % 60)}:00.${String(k + 1).padStart(6, '0')}`;
    for (let j = 0; j < 10; j++) out.push(sealed(n++, at));
  }
  for (let j = 0; j < 3; j++) out.push(sealed(n++, null));
  // Sealed with an ordinary time, as a service would have had to: Python cannot hold these.
  for (const at of ['infinity', '-infinity', '0044-03-15 12:00:00 BC']) out.push({ ...sealed(n++, '2026-05-02 00:00:00'), created_at: at });
  return out;
}

/** The ranges `count` workers read, cut in a snapshot as the coordinator cuts them. */
async function rangesFor(count: number): Promise<DbRange[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL DateStyle = 'ISO, YMD'");
    return await splitIntoRanges(client, count);
  } finally {
    await client.end();
  }
}

/** Tampers, at each boundary, every row of its instant (the first rows of a range) and the last row before it. */
async function tamperAtBoundaries(ranges: readonly DbRange[]): Promise<void> {
  for (const r of ranges) {
    if (r.lo === null) continue;
    await sql(db.url, "UPDATE audit_logs SET outcome = 'failure' WHERE created_at = $1::timestamp", [r.lo]);
    await sql(
      db.url,
      `UPDATE audit_logs SET actor_role = 'admin'
        WHERE id = (SELECT id FROM audit_logs WHERE created_at < $1::timestamp ORDER BY created_at DESC, id DESC LIMIT 1)`,
      [r.lo],
    );
  }
}

beforeAll(async () => {
  db = await verifyDatabaseFixture('verify_parallel');
  const profile = envProfile({ DATABASE_URL: db.url })!;
  source = { target: profile.target, secret: profile.password };
  await insertAuditRows(db.url, rows());
  await sql(db.url, 'ANALYZE audit_logs');
  // The first and the last row of the whole order too (-infinity, and the last of the rows without a created_at).
  await sql(db.url, "UPDATE audit_logs SET drag_mode = 'execute' WHERE created_at = '-infinity' OR id = $1", [sealed(803, null).id]);
});
afterAll(async () => {
  await db?.drop();
});

/** The result without the time its snapshot was taken: two passes, however equal, start at different times. */
const judged = <T extends { snapshot?: object }>(result: T) => ({ ...result, snapshot: { ...result.snapshot, snapshot_at: undefined } });

describe('verify-db --workers', () => {
  it('gives exactly the single-pass result with tampered rows at the range boundaries', async () => {
    const two = await rangesFor(2);
    const three = await rangesFor(3);
    expect(two).toHaveLength(2);
    expect(three).toHaveLength(3);
    await tamperAtBoundaries([...two, ...three]);

    const single = await verifyDatabase({ connectionString: db.url });
    expect(single.total).toBe(806);
    // Three boundaries (one for two ranges, two for three): ten rows at each and the row before it; and the last row.
    expect(single.tampered).toBe(3 * 11 + 1);
    // infinity, -infinity (tampered too) and BC: Python cannot hold them.
    expect(single.unverifiable).toBe(3);
    expect(single.failures.map((f) => f.position)).toEqual([...single.failures.map((f) => f.position!)].sort((a, b) => a - b));

    expect(judged(await verifyDatabaseInRanges(source, { workers: 2 }))).toEqual(judged(single));
    // Three ranges, with a listing limit that cuts the merged list where the single pass cuts it.
    const progress: [number, number | null | undefined][] = [];
    const listed = await verifyDatabaseInRanges(source, { workers: 3, maxListed: 12, progress: (d, t) => progress.push([d, t]) });
    expect(judged(listed)).toEqual(judged(await verifyDatabase({ connectionString: db.url }, { maxListed: 12 })));
    expect(listed.failures_not_listed).toBe(single.failures.length - 12);
    expect(progress[0]).toEqual([0, 806]);
    expect(progress.at(-1)).toEqual([806, 806]);
  });

  it('counts no row written while the ranges are read: they all read the snapshot of the start', async () => {
    const before = await verifyDatabase({ connectionString: db.url });
    let written = 0;
    const result = await verifyDatabaseInRanges(source, {
      workers: 2,
      onSnapshot: async (ranges) => {
        expect(ranges).toHaveLength(2);
        // New rows in every range (at its boundary, before, after, no created_at), a deleted and a tampered row.
        const fresh = [ranges[1]!.lo, '2026-04-01 00:00:00', '2026-06-01 00:00:00', null].map((at, i) => sealed(9000 + i, at));
        await insertAuditRows(db.url, fresh);
        await sql(db.url, 'DELETE FROM audit_logs WHERE id = $1', [sealed(100, null).id]);
        await sql(db.url, "UPDATE audit_logs SET outcome = 'rejected' WHERE id = $1", [sealed(200, null).id]);
        written = fresh.length;
      },
    });
    expect(written).toBe(4);
    expect(judged(result)).toEqual(judged(before));
    const after = await verifyDatabase({ connectionString: db.url });
    expect(after.total).toBe(before.total + 3);
    expect(after.tampered).toBe(before.tampered + 1);
  });

  it('merges parts as consecutive stretches of one order', () => {
    const f = (id: string, position: number) => ({
      id,
      trace_id: null,
      created_at: null,
      stored: null,
      computed: null,
      verdict: 'tampered' as const,
      reason: 'hash-mismatch' as const,
      position,
    });
    const merged = mergeParts(
      [
        { total: 3, ok: 1, tampered: 2, unverifiable: 0, failures: [f('a', 1), f('b', 3)], failures_not_listed: 0 },
        { total: 0, ok: 0, tampered: 0, unverifiable: 0, failures: [], failures_not_listed: 0 },
        { total: 5, ok: 3, tampered: 2, unverifiable: 0, failures: [f('c', 2), f('d', 5)], failures_not_listed: 0 },
      ],
      3,
    );
    expect(merged).toEqual({
      total: 8,
      ok: 4,
      tampered: 4,
      unverifiable: 0,
      failures: [f('a', 1), f('b', 3), f('c', 5)],
      failures_not_listed: 1,
    });
  });

  it('takes --workers as 1 to 8 or auto', () => {
    expect(parseWorkers(undefined)).toBe(1);
    expect(parseWorkers('2')).toBe(2);
    expect(parseWorkers('auto')).toBe('auto');
    for (const bad of ['0', '9', '1.5', 'many', '']) expect(() => parseWorkers(bad)).toThrow(/--workers must be/);
  });
});
