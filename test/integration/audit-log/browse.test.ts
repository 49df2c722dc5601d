import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { listAuditPage } from '../../../src-main/domains/audit-log/list';
import { segmentQuery, KEYSET_INDEX, PAGE_SESSION_SETTINGS } from '../../../src-main/domains/audit-log/page-query';
import { QueryRegistry } from '../../../src-main/domains/audit-log/tracked-query';
import { getAuditDetail } from '../../../src-main/domains/audit-log/detail';
import { withRecordedVerification } from '../../../src-main/domains/audit-log/verification-results';
import { verifyDatabase } from '../../../src-main/domains/verification/verify-db';
import { parseFilter } from '../../../src-main/shared/model/audit-filter';
import type { AuditPage } from '../../../src-main/shared/model/audit-log';
import type { TestDatabase } from '../../support/test-db';
import { demoDatabase, idsInOrder, sql } from './support';

const ROWS = 12_000;
const NOW = new Date('2026-06-01T00:00:00Z');
let db: TestDatabase;
let sequelize: Sequelize;
const registry = new QueryRegistry();

beforeAll(async () => {
  db = await demoDatabase('audit_browse', ROWS, NOW);
  sequelize = createSequelize({ url: db.url, pool: { size: 4, maxOverflow: 0 } });
});
afterAll(async () => {
  await sequelize?.close();
  await db?.drop();
});

const list = (q: Parameters<typeof listAuditPage>[2]) => listAuditPage(sequelize, registry, q, { now: NOW });

/** Every page from one end, following `after` (forward) or `before` (backward). */
async function walk(filter: string, order: 'newest' | 'oldest', limit: number, start: AuditPage, way: 'forward' | 'backward') {
  const seen: string[] = [];
  let page = start;
  for (;;) {
    const ids = page.rows.map((r) => r.id);
    seen.push(...(way === 'forward' ? ids : [...ids].reverse()));
    const next = way === 'forward' ? page.after : page.before;
    if (!next) break;
    page = await list({ filter, order, limit, cursor: next, direction: way, count: 'none' });
  }
  return seen;
}

describe('the page query and the indexes (EXPLAIN after ANALYZE on demo data)', () => {
  const plan = async (filter: string, asc: boolean) => {
    const q = segmentQuery(parseFilter(filter), NOW, 'dated', null, asc, 101);
    // As the page runs it: in a transaction with the page's session settings.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      for (const setting of PAGE_SESSION_SETTINGS) await client.query(setting);
      const explain = `EXPLAIN (FORMAT JSON) ${q.sql}`; // the console's own query text, its values bound
      const rows = await client.query<{ 'QUERY PLAN': unknown }>(explain, q.values);
      return JSON.stringify(rows.rows[0]!['QUERY PLAN']);
    } finally {
      await client.end();
    }
  };
  const trace = async () => (await sql<{ t: string }>(db.url, 'SELECT trace_id::text AS t FROM audit_logs LIMIT 1 OFFSET 777'))[0]!.t;

  it('walks idx_console_audit_logs_created_at_id with no Sort for the time range and every common-value filter, both orders', async () => {
    const filters = [
      '',
      'since:2026-04-01 until:2026-04-03',
      'mode:execute',
      'mode:draft,research',
      'outcome:failure',
      'outcome:rejected',
      'workflow:cost-report',
      'role:sre',
    ];
    for (const f of filters) {
      for (const asc of [false, true]) {
        const p = await plan(f, asc);
        expect(p, f).toContain(`"Index Name":"${KEYSET_INDEX}"`);
        expect(p, f).not.toContain('Sort');
      }
    }
  });

  it('finds a trace by idx_audit_logs_trace_id, sorting only the rows that index found', async () => {
    const p = await plan(`trace:${await trace()}`, false);
    expect(p).toContain('"Index Name":"idx_audit_logs_trace_id"');
    expect(p).not.toContain('Seq Scan');
  });
});

describe('keyset pages in both directions', () => {
  it('meets every row of a filtered set exactly once, forwards and backwards, in either order', async () => {
    const filter = 'outcome:rejected mode:execute,grunt';
    const expected = await idsInOrder(db.url, "outcome = 'rejected' AND drag_mode IN ('execute', 'grunt')");
    expect(expected.length).toBeGreaterThan(200);
    const first = await list({ filter, order: 'newest', limit: 97 });
    expect(first.hasBefore).toBe(false);
    expect(first.count?.exact).toBe(false);
    const newestFirst = await walk(filter, 'newest', 97, first, 'forward');
    expect(newestFirst).toEqual([...expected].reverse());

    // From the far end (oldest-first's first page read backwards is newest-first's last page).
    const last = await list({ filter, order: 'newest', limit: 97, direction: 'backward' });
    expect(last.hasAfter).toBe(false);
    expect(last.rows.at(-1)!.id).toBe(expected[0]);
    // Read from the end towards the start: each row once, the display order reversed.
    const backwards = await walk(filter, 'newest', 97, last, 'backward');
    expect(backwards).toEqual(expected);

    const oldest = await walk(filter, 'oldest', 250, await list({ filter, order: 'oldest', limit: 250 }), 'forward');
    expect(oldest).toEqual(expected);
  });

  it('jumps to a time: the page starts at it, with rows on both sides reachable', async () => {
    const at = '2026-04-15T12:00:00Z';
    const page = await list({ order: 'newest', at, limit: 10 });
    const [edge] = await sql<{ id: string }>(
      db.url,
      "SELECT id FROM audit_logs WHERE created_at <= '2026-04-15 12:00:00' ORDER BY created_at DESC, id DESC LIMIT 1",
    );
    expect(page.rows[0]!.id).toBe(edge!.id);
    expect(page.rows[0]!.createdAt! <= '2026-04-15T12:00:00.000000Z').toBe(true);
    expect(page.hasBefore).toBe(true);
    expect(page.hasAfter).toBe(true);
    const newer = await list({ order: 'newest', cursor: page.before, direction: 'backward', limit: 5 });
    expect(newer.rows.at(-1)!.createdAt! > page.rows[0]!.createdAt!).toBe(true);
  });

  it('puts undated rows after every dated one in the (created_at, id) order, and pages through them', async () => {
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];
    await sql(
      db.url,
      `INSERT INTO audit_logs (id, trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash, created_at)
       SELECT i, gen_random_uuid(), 'Undated', 'draft', 'undated-test', 'success', repeat('0', 64), NULL FROM unnest($1::uuid[]) i`,
      [ids],
    );
    try {
      const filter = 'workflow:undated-test,cost-report outcome:rejected,success mode:draft since:2026-05-30';
      // `since` excludes undated rows; without it they come first in newest order and last in oldest.
      const dated = await walk(filter, 'oldest', 7, await list({ filter, order: 'oldest', limit: 7 }), 'forward');
      expect(dated.some((id) => ids.includes(id))).toBe(false);
      const plain = 'workflow:undated-test mode:draft';
      const newest = await list({ filter: plain, order: 'newest', limit: 2 });
      expect(newest.rows.map((r) => r.id)).toEqual([ids[2], ids[1]]);
      const rest = await walk(plain, 'newest', 2, newest, 'forward');
      expect(rest).toEqual([...ids].reverse());
      const back = await walk(
        plain,
        'newest',
        2,
        await list({ filter: plain, order: 'newest', limit: 2, direction: 'backward' }),
        'backward',
      );
      expect(back).toEqual(ids);
      const all = await walk('', 'oldest', 1000, await list({ filter: '', order: 'oldest', limit: 1000, count: 'none' }), 'forward');
      expect(all.slice(-3)).toEqual(ids);
      expect(new Set(all).size).toBe(ROWS + 3);
    } finally {
      await sql(db.url, 'DELETE FROM audit_logs WHERE id = ANY ($1::uuid[])', [ids]);
    }
  });

  it('refuses a cursor made for another filter, and a bad filter, naming the problem', async () => {
    const page = await list({ filter: 'mode:draft', limit: 5 });
    await expect(list({ filter: 'mode:grunt', cursor: page.after })).rejects.toThrow(/another sort order or filter/);
    await expect(list({ filter: 'mode:drafting' })).rejects.toThrow(/mode: is one of draft, research, grunt, execute/);
    await expect(list({ filter: 'colour:red' })).rejects.toThrow(/Unknown filter key "colour"/);
  });
});

describe('counts, stopping and the statement timeout', () => {
  it('estimates at once and counts exactly on request', async () => {
    const [{ n }] = (await sql<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM audit_logs WHERE outcome = 'failure'")) as [
      { n: number },
    ];
    const estimate = await list({ filter: 'outcome:failure', limit: 1 });
    expect(estimate.count!.exact).toBe(false);
    expect(Math.abs(estimate.count!.value - n) / n).toBeLessThan(0.2);
    const exact = await list({ filter: 'outcome:failure', limit: 1, count: 'exact' });
    expect(exact.count).toEqual({ value: n, exact: true });
    const all = await list({ limit: 1 });
    expect(all.count).toEqual({ value: ROWS, exact: false }); // reltuples after ANALYZE
    expect(all.queryMs).toBeGreaterThanOrEqual(0);
  });

  it('Stop cancels the query on the server; a query past the statement timeout stops by itself', async () => {
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE audit_logs IN ACCESS EXCLUSIVE MODE');
      const queryId = crypto.randomUUID();
      const running = list({ filter: 'text:"nothing like this"', queryId, limit: 5 });
      const outcome = running.catch((e: unknown) => e);
      let cancelled = false;
      for (let i = 0; i < 100 && !cancelled; i++) {
        await new Promise((r) => setTimeout(r, 20));
        cancelled = await registry.cancel(sequelize, queryId);
      }
      expect(cancelled).toBe(true);
      expect(await outcome).toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/Stopped/) });

      const quick = new QueryRegistry(300);
      const timedOut = await listAuditPage(sequelize, quick, { filter: 'text:x', limit: 5 }, { now: NOW }).catch((e: unknown) => e);
      expect(timedOut).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/longer than 0.3 s.*since:/) });
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect(await registry.cancel(sequelize, crypto.randomUUID())).toBe(false);
  });
});

describe('integrity per row and the detail drawer', () => {
  it('records each verification: failing rows broken, rows added after it not verified, the rest verified', async () => {
    const [victim] = await sql<{ id: string }>(db.url, "SELECT id FROM audit_logs WHERE workflow_name = 'cost-report' LIMIT 1");
    await sql(db.url, "UPDATE audit_logs SET actor_name = actor_name || ' (edited)' WHERE id = $1", [victim!.id]);
    const config = { connectionString: db.url };
    const result = await withRecordedVerification(
      () => sequelize,
      () => verifyDatabase(config),
    );
    expect(result.tampered).toBe(1);
    const [late] = await sql<{ id: string }>(
      db.url,
      `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash, created_at)
       VALUES (gen_random_uuid(), 'Late', 'draft', 'cost-report', 'success', repeat('0', 64), '2026-05-31 23:59:59.999999') RETURNING id`,
    );
    const page = await list({ filter: 'workflow:cost-report', limit: 1000 });
    const status = new Map(page.rows.map((r) => [r.id, r.status]));
    expect(page.verification).toMatchObject({ method: 'db-v1', total: ROWS, tampered: 1 });
    expect(status.get(late!.id)).toBe('not-verified');
    const victimPage = await list({
      filter: `trace:${(await sql<{ t: string }>(db.url, 'SELECT trace_id::text AS t FROM audit_logs WHERE id = $1', [victim!.id]))[0]!.t}`,
    });
    expect(victimPage.rows.find((r) => r.id === victim!.id)?.status).toBe('broken');
    expect([...status.values()].filter((s) => s === 'verified').length).toBeGreaterThan(900);

    const detail = await getAuditDetail(sequelize, victim!.id);
    expect(detail.integrity).toMatchObject({
      dbV1: { verdict: 'tampered', reason: 'hash-mismatch' },
      lastVerification: 'broken',
      seal: null,
    });
    await sql(db.url, 'DELETE FROM audit_logs WHERE id = $1', [late!.id]);
  });

  it('shows the whole AIM declaration, parameters, the linked execution and the user', async () => {
    const [row] = await sql<{ id: string; user_id: string }>(
      db.url,
      'SELECT a.id, a.user_id FROM audit_logs a JOIN workflow_executions w ON w.audit_log_id = a.id ORDER BY a.created_at DESC LIMIT 1',
    );
    const d = await getAuditDetail(sequelize, row!.id);
    expect(d.aim.actor.name).toBe(d.row.actorName);
    expect(d.aim.input.sources).toEqual([expect.objectContaining({ type: 'repository' })]);
    expect(d.aim.input.constraints).toEqual(['Read-only access', 'No customer data']);
    expect(d.aim.mission.successCriteria).toEqual(['Reviewed by a human', 'No errors in logs']);
    expect(d.parameters).toMatchObject({ ticket: expect.stringMatching(/^GOV-/) });
    expect(d.execution).toMatchObject({ status: expect.stringMatching(/completed|failed|cancelled/) });
    expect(d.user?.id).toBe(row!.user_id);
    expect(d.integrity.dbV1.verdict).toBe('ok');
    await expect(getAuditDetail(sequelize, '00000000-0000-4000-8000-00000000dead')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
