import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../../src-main/domains/demo/demo-data';
import { verifyDatabase } from '../../../src-main/domains/verification/verify-db';
import { recordFigure } from '../../support/figures';
import { createInitialisedDatabase, type TestDatabase } from '../../support/test-db';

/**
 * Load (docs/reliability.md): a verification while the service keeps inserting at a steady
 * rate. The verification must judge exactly the rows of one snapshot — a prefix of the inserts,
 * since they commit one after another — and never hold the inserts up. Here with 100,000 rows;
 * `npm run bench` has the 1,000,000-row run.
 */

const ROWS = 100_000;
let db: TestDatabase;
beforeAll(async () => {
  db = await createInitialisedDatabase('load_verify_insert', { name: 'Load Tests', email: null });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await generateDemoData(client, { rows: ROWS, seed: 5 });
  } finally {
    await client.end();
  }
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

// A copy of an existing row under a new id: its db-v1 hash stays valid (the id is not hashed).
const COPY_ROW = `INSERT INTO audit_logs (trace_id, user_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, parameters, outcome,
    error, duration_seconds, input_sources, input_constraints, mission_objective, mission_success_criteria, integrity_hash, created_at)
  SELECT trace_id, user_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, parameters, outcome,
    error, duration_seconds, input_sources, input_constraints, mission_objective, mission_success_criteria, integrity_hash, created_at
    FROM audit_logs WHERE id = $1 RETURNING id`;

describe('verify-db while rows keep arriving', () => {
  it('judges exactly the rows of its snapshot, and the inserts go on meanwhile', async () => {
    const writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    const [{ id: model }] = (await writer.query<{ id: string }>('SELECT id FROM audit_logs LIMIT 1')).rows;
    const inserted: { id: string; at: number }[] = [];
    let stop = false;
    const inserting = (async () => {
      while (!stop) {
        const { rows } = await writer.query<{ id: string }>(COPY_ROW, [model]);
        inserted.push({ id: rows[0]!.id, at: performance.now() });
        await new Promise((r) => setTimeout(r, 5)); // a steady rate, as a service writes
      }
    })();
    try {
      await new Promise((r) => setTimeout(r, 200)); // the inserts are under way
      const started = performance.now();
      const result = await verifyDatabase({ connectionString: db.url }, { all: true });
      const ended = performance.now();
      stop = true;
      await inserting;

      const during = inserted.filter((i) => i.at > started && i.at < ended).length;
      expect(during, 'inserts committed while the verification ran').toBeGreaterThan(3);
      // One snapshot: of the inserted rows, it saw exactly the first k, and every row it saw is ok.
      const seen = new Set(result.entries!.map((e) => e.id));
      const k = inserted.findIndex((i) => !seen.has(i.id));
      expect(k).toBeGreaterThan(0);
      expect(inserted.slice(k).filter((i) => seen.has(i.id))).toEqual([]);
      expect(result).toMatchObject({ total: ROWS + k, ok: ROWS + k, tampered: 0, unverifiable: 0 });
      recordFigure('verify-while-inserting', {
        what: `A verification of ${ROWS.toLocaleString('en')} rows while another session inserted a row every 5 ms`,
        inputs: inserted.length,
        failures: 0,
        detail:
          `${during} inserts committed during the ${Math.round(ended - started)} ms verification, none held up; ` +
          `it judged the ${k} inserted before its snapshot and none after`,
      });
    } finally {
      stop = true;
      await inserting.catch(() => undefined);
      await writer.end();
    }
  }, 120_000);
});
