import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { executionUpdates, executionWorkflows, getExecution, listExecutions } from '../../../src-main/domains/workflows/list';
import type { ExecutionDto, ExecutionListQuery } from '../../../src-main/shared/model/workflows';
import { createInitialisedDatabase, createTestDatabase, sql, type TestDatabase } from '../../support/test-db';

/**
 * The executions list as the page pages it: keyset on (started_at, id) newest first, through
 * ties on started_at, with each filter, one execution, and the live state of running ones.
 */
let db: TestDatabase;
let sequelize: Sequelize;
const TRACE = '11111111-2222-4333-8444-555555555555';

beforeAll(async () => {
  db = await createInitialisedDatabase('executions');
  sequelize = createSequelize({ url: db.url, pool: { size: 2, maxOverflow: 0 } });
  await sql(db.url, "INSERT INTO users (id, email, name) VALUES ('aaaaaaaa-0000-4000-8000-000000000001', 'ann@example.org', 'Ann')");
  // 130 executions over three workflows; 40 of them share one started_at (ties the cursor must get through).
  await sql(
    db.url,
    `INSERT INTO workflow_executions (trace_id, user_id, workflow_name, status, started_at, completed_at, duration_seconds, error)
     SELECT uuid_generate_v4(), CASE WHEN i % 2 = 0 THEN 'aaaaaaaa-0000-4000-8000-000000000001'::uuid END,
            (ARRAY['deploy', 'triage', 'report'])[1 + i % 3],
            (ARRAY['completed', 'failed', 'cancelled'])[1 + i % 3],
            CASE WHEN i <= 40 THEN timestamp '2030-01-10 08:00:00.123456' ELSE timestamp '2030-01-01 00:00' + i * interval '1 hour' END,
            timestamp '2030-01-20 00:00', 1.5, CASE WHEN i % 3 = 1 THEN 'Step 3 timed out' END
       FROM generate_series(1, 130) i`,
  );
  await sql(
    db.url,
    `INSERT INTO workflow_executions (trace_id, workflow_name, status, started_at, parameters)
     VALUES ($1, 'deploy', 'running', (now() AT TIME ZONE 'UTC') - interval '90 seconds', '{"target": "staging"}')`,
    [TRACE],
  );
});
afterAll(async () => {
  await sequelize?.close();
  await db?.drop();
});

async function everyPage(query: ExecutionListQuery, limit: number): Promise<ExecutionDto[]> {
  const rows: ExecutionDto[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await listExecutions(sequelize, { ...query, limit, cursor });
    rows.push(...page.rows);
    if (!page.hasMore) return rows;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('executions/list', () => {
  it('pages newest first through ties on started_at, every row once, in the database order', async () => {
    const rows = await everyPage({}, 17);
    const expected = await sql<{ id: string }>(db.url, 'SELECT id FROM workflow_executions ORDER BY started_at DESC, id DESC');
    expect(rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    const first = await listExecutions(sequelize, { limit: 17 });
    expect(first).toMatchObject({ total: 131, totalAtLeast: false, hasMore: true });
    expect((await listExecutions(sequelize, { limit: 17, cursor: first.nextCursor })).total).toBeNull();
  });

  it('shows a running execution with its age by the database clock, and links to its audit entry by trace', async () => {
    const [running] = (await listExecutions(sequelize, { status: 'running' })).rows;
    expect(running).toMatchObject({ traceId: TRACE, status: 'running', completedAt: null, durationSeconds: null });
    expect(running!.runningSeconds).toBeGreaterThanOrEqual(89);
    expect(running!.startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  it('filters by workflow, status, trace and time, and combines them', async () => {
    const deploy = await everyPage({ workflow: 'deploy' }, 50);
    expect(deploy.length).toBe(44);
    expect(new Set(deploy.map((r) => r.workflowName))).toEqual(new Set(['deploy']));
    const failedTriage = await everyPage({ workflow: 'triage', status: 'completed' }, 50);
    expect(failedTriage.length).toBe(0);
    expect((await everyPage({ workflow: 'triage', status: 'failed' }, 50)).every((r) => r.error === 'Step 3 timed out')).toBe(true);
    expect((await listExecutions(sequelize, { trace: TRACE })).rows.map((r) => r.traceId)).toEqual([TRACE]);
    const window = await everyPage({ from: '2030-01-10T08:00:00.123456Z', to: '2030-01-10T08:00:00.123457Z' }, 7);
    expect(window.length).toBe(40);
    const page = await listExecutions(sequelize, { from: '2030-01-03T00:00Z', to: '2030-01-04T00:00Z' });
    expect(page.total).toBe(24);
    expect(page.rows.every((r) => r.startedAt >= '2030-01-03' && r.startedAt < '2030-01-04')).toBe(true);
  });

  it('refuses a time that does not exist, a range backwards and a cursor of other filters, saying what to do', async () => {
    await expect(listExecutions(sequelize, { from: '2030-02-30T00:00Z' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(listExecutions(sequelize, { from: '2030-02-02T00:00Z', to: '2030-02-01T00:00Z' })).rejects.toThrow(/earlier time first/);
    const { nextCursor } = await listExecutions(sequelize, { workflow: 'deploy', limit: 5 });
    await expect(listExecutions(sequelize, { workflow: 'triage', cursor: nextCursor })).rejects.toThrow(/start again from the first page/);
  });
});

describe('one execution, live updates, workflow names', () => {
  it('reads an execution with its parameters, and NOT_FOUND for one that is gone', async () => {
    const [running] = (await listExecutions(sequelize, { trace: TRACE })).rows;
    expect(await getExecution(sequelize, running!.id)).toMatchObject({ parameters: { target: 'staging' }, result: null });
    await expect(getExecution(sequelize, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives the current state of the running ones the window shows', async () => {
    const [running] = (await listExecutions(sequelize, { trace: TRACE })).rows;
    const before = await executionUpdates(sequelize, [running!.id]);
    expect(before.rows.map((r) => r.status)).toEqual(['running']);
    await sql(
      db.url,
      `UPDATE workflow_executions SET status = 'completed', completed_at = started_at + interval '2 minutes', duration_seconds = 120
        WHERE trace_id = $1`,
      [TRACE],
    );
    const after = await executionUpdates(sequelize, [running!.id, '00000000-0000-4000-8000-000000000000']);
    expect(after.rows).toEqual([
      expect.objectContaining({ id: running!.id, status: 'completed', durationSeconds: 120, runningSeconds: null }),
    ]);
  });

  it('lists the workflow names there are, in order', async () => {
    expect(await executionWorkflows(sequelize)).toEqual(['deploy', 'report', 'triage']);
  });

  it('on a database without the governance schema, says to initialise it', async () => {
    const empty = await createTestDatabase('executions_empty');
    const s = createSequelize({ url: empty.url, pool: { size: 1, maxOverflow: 0 } });
    try {
      await expect(listExecutions(s, {})).rejects.toMatchObject({
        code: 'SCHEMA_MISMATCH',
        message: expect.stringContaining('Initialise'),
      });
    } finally {
      await s.close();
      await empty.drop();
    }
  });
});
