import { once } from 'node:events';
import { pgTimestampFromMicros } from '../../platform/db/sql/timestamps';
import { DRAG_MODES, OUTCOMES, USER_ROLES } from '../../shared/model/vocabulary';
import { LIMITS } from '../../shared/limits';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { API_KEY_FORMAT, apiKeyDisplayPrefix, apiKeyHash, generateApiKey } from '../../integrity/api-key-format';
import { dbV1Hash } from '../../integrity/db-v1';
import { copyRow } from '../../integrity/copy-text-writer';
import { inTransaction } from '../../platform/db/transaction';
import type { JobContext } from '../../platform/jobs/job-context';
import { prng, uuidFrom } from './seeded-random';

/**
 * Realistic governance data for screenshots, tests and benchmarks: users with API keys (every
 * status the Keys page shows), audit entries with valid db-v1 hashes spread over the last 90
 * days, workflow executions linked to a quarter of them, and governance metrics. Loaded with
 * COPY, in one transaction (all or nothing).
 */
export interface DemoOptions {
  rows: number;
  /** Defaults to one user per 2,000 audit rows, at least 12. */
  users?: number;
  /** The end of the 90-day window (default: now). */
  now?: Date;
  /** Same seed, same data (ids and hashes included). */
  seed?: number;
  /**
   * Demo users are demo.user<N>@example.org from N = offset + 1 (default 0), so that a second
   * run, with another seed, adds users beside the first run's instead of colliding with them.
   */
  emailOffset?: number;
}

export interface DemoResult {
  seed: number;
  users: number;
  apiKeys: number;
  auditLogs: number;
  workflowExecutions: number;
  governanceMetrics: number;
}

/** The seed of a run with none given. */
export const DEFAULT_DEMO_SEED = 20261127;

/** Rows a demo of `rows` audit rows writes in all, table by table (what its progress counts). */
export function demoSizes(rows: number, users?: number): Omit<DemoResult, 'seed'> {
  const userCount = users ?? Math.max(12, Math.ceil(rows / 2000));
  return {
    users: userCount,
    apiKeys: userCount + Math.floor(userCount / 2),
    auditLogs: rows,
    workflowExecutions: Math.ceil(rows / 4),
    governanceMetrics: Math.max(10, Math.floor(rows / 10)),
  };
}

const SCOPE_SETS = [['read'], ['read', 'write'], ['read', 'workflows'], ['governance', 'read'], ['admin']];
const KEY_NAMES = ['ci-deploy', 'grafana', 'notebook', 'slack-bot', 'backup-job', 'reporting'];

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
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const nowUs = BigInt((options.now ?? new Date()).getTime()) * 1000n;
  const sizes = demoSizes(options.rows, options.users);
  const userCount = sizes.users;
  const offset = options.emailOffset ?? 0;
  // Everything written counts: users, keys, audit rows, executions and metrics.
  const total = sizes.users + sizes.apiKeys + sizes.auditLogs + sizes.workflowExecutions + sizes.governanceMetrics;
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
    const role = offset === 0 && i === 0 ? 'admin' : pick(USER_ROLES);
    // Every fifth user has not been seen for longer than the dormant report's default period (no
    // login, no key used), so that report has something to show whatever the draws.
    const dormant = i % 5 === 4;
    return { id: uuidFrom(random), name, email: `demo.user${offset + i + 1}@example.org`, role, active: random() < 0.95, dormant };
  });
  const dormantIds = new Set(users.filter((u) => u.dormant).map((u) => u.id));

  return inTransaction(client, async () => {
    await copyInto(
      client,
      'COPY users (id, email, name, role, is_active, created_at, last_login_at, metadata) FROM STDIN',
      (function* () {
        for (const u of users) {
          // A dormant user logged in last between that default + 1 and + 121 days ago, and was
          // created before that.
          const shift = u.dormant ? BigInt(LIMITS.dormantDays.default + 1) * DAY_US : 0n;
          const created = nowUs - (u.dormant ? shift + 121n * DAY_US : 0n) - BigInt(Math.floor(random() * 200)) * DAY_US;
          const login =
            random() < 0.8 ? pgTimestampFromMicros(nowUs - shift - BigInt(Math.floor(random() * 120 * 86_400)) * 1_000_000n) : null;
          yield copyRow([u.id, u.email, u.name, u.role, u.active, pgTimestampFromMicros(created), login, '{"source": "demo"}']);
        }
      })(),
      tick,
    );

    // Keys in every state the Keys page tells apart: active, expiring within 14 days, expired,
    // revoked, and (through a disabled user) disabled. Their secrets are drawn and dropped.
    const keyBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
    await copyInto(
      client,
      'COPY api_keys (id, user_id, key_hash, name, scopes, is_active, last_used_at, expires_at, created_at, revoked_at, metadata) FROM STDIN',
      (function* () {
        for (let i = 0; i < sizes.apiKeys; i++) {
          const user = users[i % users.length]!;
          const secret = generateApiKey(keyBytes);
          const kind = random();
          let created = nowUs - BigInt(Math.floor(random() * 180)) * DAY_US;
          const expires =
            kind < 0.1
              ? nowUs - BigInt(1 + Math.floor(random() * 30)) * DAY_US
              : kind < 0.25
                ? nowUs + BigInt(1 + Math.floor(random() * 13)) * DAY_US
                : kind < 0.4
                  ? null
                  : nowUs + BigInt(15 + Math.floor(random() * 300)) * DAY_US;
          if (expires !== null && expires <= created) created = expires - 90n * DAY_US;
          const revoked = kind > 0.92 ? pgTimestampFromMicros(nowUs - BigInt(Math.floor(random() * 20)) * DAY_US) : null;
          const lastUse = random() < 0.7 ? pgTimestampFromMicros(nowUs - BigInt(Math.floor(random() * 30 * 86_400)) * 1_000_000n) : null;
          const used = dormantIds.has(user.id) ? null : lastUse;
          const metadata = JSON.stringify({ prefix: apiKeyDisplayPrefix(secret), format: API_KEY_FORMAT, source: 'demo' });
          yield copyRow([
            uuidFrom(random),
            user.id,
            apiKeyHash(secret),
            `${pick(KEY_NAMES)}-${i + 1}`,
            `{${pick(SCOPE_SETS).join(',')}}`,
            revoked === null,
            used,
            expires === null ? null : pgTimestampFromMicros(expires),
            pgTimestampFromMicros(created),
            revoked,
            metadata,
          ]);
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
      tick,
    );

    const metricCount = sizes.governanceMetrics;
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
      tick,
    );
    job?.progress(total, total);
    return {
      seed,
      users: userCount,
      apiKeys: sizes.apiKeys,
      auditLogs: options.rows,
      workflowExecutions: executions.length,
      governanceMetrics: metricCount,
    };
  });
}
