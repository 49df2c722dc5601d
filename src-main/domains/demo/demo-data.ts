import { once } from 'node:events';
import { pgTimestampFromMicros } from '../../platform/db/sql/timestamps';
import { DRAG_MODES, OUTCOMES, USER_ROLES } from '../../shared/model/vocabulary';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { dbV1Hash } from '../../integrity/db-v1';
import { copyRow } from '../../integrity/copy-text-writer';
import { inTransaction } from '../../platform/db/transaction';
import type { JobContext } from '../../platform/jobs/job-context';
import { prng, uuidFrom } from './seeded-random';

/**
 * Realistic governance data for screenshots, tests and benchmarks: users, audit entries with
 * valid db-v1 hashes spread over the last 90 days, workflow executions linked to a quarter of
 * them, and governance metrics. Loaded with COPY, in one transaction (all or nothing).
 */
export interface DemoOptions {
  rows: number;
  /** Defaults to one user per 2,000 audit rows, at least 12. */
  users?: number;
  /** The end of the 90-day window (default: now). */
  now?: Date;
  /** Same seed, same data (ids and hashes included). */
  seed?: number;
}

export interface DemoResult {
  users: number;
  auditLogs: number;
  workflowExecutions: number;
  governanceMetrics: number;
}

const WORKFLOWS = [
  'deploy-to-staging',
  'summarise-incident',
  'rotate-credentials',
  'draft-release-notes',
  'triage-alerts',
  'research-vendor',
  'cost-report',
  'backfill-metrics',
];
const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'José', 'Zoë', '李', 'Anaïs'];
const LAST = [
  'Lovelace',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Ritchie',
  'Allen',
  'Núñez',
  'Østergaard',
  '小龍',
  'Dupont',
];
const OBJECTIVES = [
  'Ship the change safely',
  'Explain the outage to stakeholders',
  'Reduce cloud spend',
  'Answer the vendor questionnaire',
];
const DAY_US = 86_400_000_000n;

async function copyInto(client: pg.Client, sql: string, rows: Iterable<string>, onRow?: () => void): Promise<void> {
  const stream = client.query(copyFrom(sql));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let batch = '';
  try {
    for (const row of rows) {
      batch += row;
      onRow?.();
      if (batch.length > 1 << 16) {
        if (!stream.write(batch)) await once(stream, 'drain');
        batch = '';
      }
    }
  } catch (error) {
    // Abort the COPY (the server gets CopyFail) so the connection is usable for ROLLBACK.
    stream.destroy(error as Error);
    await done.catch(() => undefined);
    throw error;
  }
  stream.end(batch);
  await done;
}

/** Fills the database behind `client` (schema already migrated). */
export async function generateDemoData(client: pg.Client, options: DemoOptions, job?: JobContext): Promise<DemoResult> {
  const random = prng(options.seed ?? 20261127);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const nowUs = BigInt((options.now ?? new Date()).getTime()) * 1000n;
  const userCount = options.users ?? Math.max(12, Math.ceil(options.rows / 2000));
  const total = userCount + options.rows;
  let done = 0;
  const tick = () => {
    done++;
    if ((done & 4095) === 0) {
      if (job?.signal.aborted) throw job.signal.reason;
      job?.progress(done, total);
    }
  };

  const users = Array.from({ length: userCount }, (_, i) => {
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    return { id: uuidFrom(random), name, email: `demo.user${i + 1}@example.org`, role: i === 0 ? 'admin' : pick(USER_ROLES) };
  });

  return inTransaction(client, async () => {
    await copyInto(
      client,
      'COPY users (id, email, name, role, is_active, created_at, last_login_at, metadata) FROM STDIN',
      (function* () {
        for (const u of users) {
          const created = nowUs - BigInt(Math.floor(random() * 200)) * DAY_US;
          const login = random() < 0.8 ? pgTimestampFromMicros(nowUs - BigInt(Math.floor(random() * 120 * 86_400)) * 1_000_000n) : null;
          yield copyRow([u.id, u.email, u.name, u.role, random() < 0.95, pgTimestampFromMicros(created), login, '{"source": "demo"}']);
        }
      })(),
      tick,
    );

    const executions: string[] = [];
    await copyInto(
      client,
      'COPY audit_logs (id, trace_id, user_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, parameters, outcome, error, duration_seconds, input_sources, input_constraints, mission_objective, mission_success_criteria, integrity_hash, created_at) FROM STDIN',
      (function* () {
        for (let i = 0; i < options.rows; i++) {
          const user = pick(users);
          const id = uuidFrom(random);
          const traceId = uuidFrom(random);
          const mode = pick(DRAG_MODES);
          const workflow = pick(WORKFLOWS);
          const r = random();
          const outcome = r < 0.86 ? 'success' : r < 0.95 ? 'failure' : 'rejected';
          const createdUs = nowUs - BigInt(Math.floor(random() * 90 * 86_400 * 1e6));
          const createdAt = pgTimestampFromMicros(createdUs);
          const duration = (random() * 120).toFixed(3);
          const fields = {
            trace_id: traceId,
            actor_name: user.name,
            actor_email: user.email,
            actor_role: user.role,
            drag_mode: mode,
            workflow_name: workflow,
            outcome,
            created_at: createdAt,
          };
          const hash = dbV1Hash(fields) as string;
          if (i % 4 === 0) {
            const status = outcome === 'success' ? 'completed' : outcome === 'failure' ? 'failed' : 'cancelled';
            executions.push(
              copyRow([
                uuidFrom(random),
                traceId,
                user.id,
                workflow,
                '{}',
                status,
                createdAt,
                createdAt,
                duration,
                status === 'completed' ? '{"ok": true}' : null,
                status === 'failed' ? 'Step 3 timed out' : null,
                id,
              ]),
            );
          }
          yield copyRow([
            id,
            traceId,
            user.id,
            user.name,
            user.email,
            user.role,
            mode,
            workflow,
            JSON.stringify({ environment: pick(['staging', 'production', 'dev']), ticket: `GOV-${1000 + (i % 9000)}` }),
            outcome,
            outcome === 'failure' ? 'Upstream model returned 503' : outcome === 'rejected' ? 'Mission constraints not met' : null,
            duration,
            JSON.stringify([{ type: 'repository', description: `${workflow} sources`, location: `git://example.org/${workflow}` }]),
            JSON.stringify(['Read-only access', 'No customer data']),
            pick(OBJECTIVES),
            JSON.stringify(['Reviewed by a human', 'No errors in logs']),
            hash,
            createdAt,
          ]);
        }
      })(),
      tick,
    );

    await copyInto(
      client,
      'COPY workflow_executions (id, trace_id, user_id, workflow_name, parameters, status, started_at, completed_at, duration_seconds, result, error, audit_log_id) FROM STDIN',
      executions,
    );

    const metricCount = Math.max(10, Math.floor(options.rows / 10));
    await copyInto(
      client,
      'COPY governance_metrics (metric_name, metric_value, drag_mode, actor_role, workflow_name, outcome, timestamp, labels) FROM STDIN',
      (function* () {
        for (let i = 0; i < metricCount; i++) {
          const name = pick(['workflow_duration_seconds', 'workflow_requests_total', 'policy_rejections_total']);
          const value = name === 'workflow_duration_seconds' ? (random() * 120).toFixed(3) : String(1 + Math.floor(random() * 50));
          const ts = pgTimestampFromMicros(nowUs - BigInt(Math.floor(random() * 90 * 86_400 * 1e6)));
          yield copyRow([name, value, pick(DRAG_MODES), pick(USER_ROLES), pick(WORKFLOWS), pick(OUTCOMES), ts, '{"source": "demo"}']);
        }
      })(),
    );
    job?.progress(total, total);
    return { users: userCount, auditLogs: options.rows, workflowExecutions: executions.length, governanceMetrics: metricCount };
  });
}
