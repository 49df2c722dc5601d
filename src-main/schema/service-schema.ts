import { API_KEY_SCOPES, DRAG_MODES, EXECUTION_STATUSES, OUTCOMES, USER_ROLES } from '../shared/model/vocabulary';
import { normaliseWhitespace, type SchemaDescription } from './inspect';

/**
 * The schema the governance service's own SQL script creates (docs/architecture.md, "The service's database"), as the
 * catalogue describes it, and the comparison used to decide whether a database without
 * migration bookkeeping can be adopted.
 *
 * Definitions are PostgreSQL's deparsed text (see schema-inspect.ts). Objects the service
 * does not own (the console's tables, anything else) are never looked at: extra tables,
 * columns, indexes and constraints are tolerated; missing or different ones are not.
 */

type Col = [name: string, type: string, notNull: boolean, defaultExpr: string | null];
type Con = [name: string, type: 'p' | 'u' | 'f' | 'c', definition: string];
type Idx = [name: string, definition: string];

interface ExpectedTable {
  columns: Col[];
  constraints: Con[];
  indexes: Idx[];
}

const VC = 'character varying';
const TS = 'timestamp without time zone';

/** `col IN ('a', 'b')` on a varchar column, as PostgreSQL deparses it. */
const inList = (column: string, values: string[]) =>
  `CHECK (((${column})::text = ANY ((ARRAY[${values.map((v) => `'${v}'::${VC}`).join(', ')}])::text[])))`;

const idx = (table: string, column: string, desc = false): Idx => [
  `idx_${table}_${column}`,
  `CREATE INDEX idx_${table}_${column} ON ${table} USING btree (${column === 'timestamp' ? '"timestamp"' : column}${desc ? ' DESC' : ''})`,
];

export const SERVICE_EXTENSION = 'uuid-ossp';
export const EMAIL_REGEX = '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$';
export const SEED_ADMIN = { email: 'admin@honeybadgerlabs.io', name: 'System Admin', role: 'admin' } as const;

export const SERVICE_TABLES: Record<string, ExpectedTable> = {
  users: {
    columns: [
      ['id', 'uuid', true, 'uuid_generate_v4()'],
      ['email', `${VC}(255)`, true, null],
      ['name', `${VC}(255)`, true, null],
      ['role', `${VC}(50)`, true, `'user'::${VC}`],
      ['is_active', 'boolean', false, 'true'],
      ['created_at', TS, false, 'now()'],
      ['updated_at', TS, false, 'now()'],
      ['last_login_at', TS, false, null],
      ['metadata', 'jsonb', false, "'{}'::jsonb"],
    ],
    constraints: [
      ['users_pkey', 'p', 'PRIMARY KEY (id)'],
      ['users_email_key', 'u', 'UNIQUE (email)'],
      ['users_email_check', 'c', `CHECK (((email)::text ~* '${EMAIL_REGEX}'::text))`],
      ['users_role_check', 'c', inList('role', [...USER_ROLES])],
    ],
    indexes: [idx('users', 'email'), idx('users', 'role'), idx('users', 'is_active')],
  },
  api_keys: {
    columns: [
      ['id', 'uuid', true, 'uuid_generate_v4()'],
      ['user_id', 'uuid', true, null],
      ['key_hash', `${VC}(128)`, true, null],
      ['name', `${VC}(100)`, true, null],
      ['scopes', 'text[]', false, "ARRAY['read'::text]"],
      ['is_active', 'boolean', false, 'true'],
      ['last_used_at', TS, false, null],
      ['expires_at', TS, false, null],
      ['created_at', TS, false, 'now()'],
      ['revoked_at', TS, false, null],
      ['metadata', 'jsonb', false, "'{}'::jsonb"],
    ],
    constraints: [
      ['api_keys_pkey', 'p', 'PRIMARY KEY (id)'],
      ['api_keys_key_hash_key', 'u', 'UNIQUE (key_hash)'],
      ['api_keys_user_id_fkey', 'f', 'FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE'],
      ['api_keys_scopes_check', 'c', `CHECK ((scopes <@ ARRAY[${API_KEY_SCOPES.map((s) => `'${s}'::text`).join(', ')}]))`],
    ],
    indexes: [idx('api_keys', 'user_id'), idx('api_keys', 'key_hash'), idx('api_keys', 'is_active'), idx('api_keys', 'expires_at')],
  },
  audit_logs: {
    columns: [
      ['id', 'uuid', true, 'uuid_generate_v4()'],
      ['trace_id', 'uuid', true, null],
      ['user_id', 'uuid', false, null],
      ['actor_name', `${VC}(255)`, true, null],
      ['actor_email', `${VC}(255)`, false, null],
      ['actor_role', `${VC}(50)`, false, null],
      ['drag_mode', `${VC}(20)`, true, null],
      ['workflow_name', `${VC}(100)`, true, null],
      ['parameters', 'jsonb', false, "'{}'::jsonb"],
      ['outcome', `${VC}(20)`, true, null],
      ['error', 'text', false, null],
      ['duration_seconds', 'numeric(10,3)', false, null],
      ['input_sources', 'jsonb', false, "'[]'::jsonb"],
      ['input_constraints', 'jsonb', false, "'[]'::jsonb"],
      ['mission_objective', 'text', false, null],
      ['mission_success_criteria', 'jsonb', false, "'[]'::jsonb"],
      ['integrity_hash', `${VC}(64)`, true, null],
      ['created_at', TS, false, 'now()'],
    ],
    constraints: [
      ['audit_logs_pkey', 'p', 'PRIMARY KEY (id)'],
      ['audit_logs_user_id_fkey', 'f', 'FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE SET NULL'],
      ['audit_logs_drag_mode_check', 'c', inList('drag_mode', [...DRAG_MODES])],
      ['audit_logs_outcome_check', 'c', inList('outcome', [...OUTCOMES])],
    ],
    indexes: [
      idx('audit_logs', 'trace_id'),
      idx('audit_logs', 'user_id'),
      idx('audit_logs', 'actor_name'),
      idx('audit_logs', 'drag_mode'),
      idx('audit_logs', 'workflow_name'),
      idx('audit_logs', 'outcome'),
      idx('audit_logs', 'created_at', true),
      idx('audit_logs', 'integrity_hash'),
    ],
  },
  workflow_executions: {
    columns: [
      ['id', 'uuid', true, 'uuid_generate_v4()'],
      ['trace_id', 'uuid', true, null],
      ['user_id', 'uuid', false, null],
      ['workflow_name', `${VC}(100)`, true, null],
      ['parameters', 'jsonb', false, "'{}'::jsonb"],
      ['status', `${VC}(20)`, true, null],
      ['started_at', TS, true, 'now()'],
      ['completed_at', TS, false, null],
      ['duration_seconds', 'numeric(10,3)', false, null],
      ['result', 'jsonb', false, null],
      ['error', 'text', false, null],
      ['audit_log_id', 'uuid', false, null],
    ],
    constraints: [
      ['workflow_executions_pkey', 'p', 'PRIMARY KEY (id)'],
      ['workflow_executions_user_id_fkey', 'f', 'FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE SET NULL'],
      ['workflow_executions_audit_log_id_fkey', 'f', 'FOREIGN KEY (audit_log_id) REFERENCES audit_logs(id) ON DELETE SET NULL'],
      ['workflow_executions_status_check', 'c', inList('status', [...EXECUTION_STATUSES])],
    ],
    indexes: [
      idx('workflow_executions', 'trace_id'),
      idx('workflow_executions', 'user_id'),
      idx('workflow_executions', 'workflow_name'),
      idx('workflow_executions', 'status'),
      idx('workflow_executions', 'started_at', true),
    ],
  },
  governance_metrics: {
    columns: [
      ['id', 'uuid', true, 'uuid_generate_v4()'],
      ['metric_name', `${VC}(100)`, true, null],
      ['metric_value', 'numeric(15,3)', true, null],
      ['drag_mode', `${VC}(20)`, false, null],
      ['actor_role', `${VC}(50)`, false, null],
      ['workflow_name', `${VC}(100)`, false, null],
      ['outcome', `${VC}(20)`, false, null],
      ['timestamp', TS, true, 'now()'],
      ['labels', 'jsonb', false, "'{}'::jsonb"],
    ],
    constraints: [['governance_metrics_pkey', 'p', 'PRIMARY KEY (id)']],
    indexes: [
      idx('governance_metrics', 'metric_name'),
      idx('governance_metrics', 'timestamp', true),
      idx('governance_metrics', 'drag_mode'),
      idx('governance_metrics', 'workflow_name'),
    ],
  },
};

/** Views: columns in order, with their types. Definitions are not compared (their deparsed
 * text varies between PostgreSQL versions); the schema-equality test compares them. */
export const SERVICE_VIEWS: Record<string, Array<[name: string, type: string]>> = {
  v_recent_governance: [
    ['trace_id', 'uuid'],
    ['actor_name', `${VC}(255)`],
    ['actor_role', `${VC}(50)`],
    ['drag_mode', `${VC}(20)`],
    ['workflow_name', `${VC}(100)`],
    ['outcome', `${VC}(20)`],
    ['duration_seconds', 'numeric(10,3)'],
    ['created_at', TS],
    ['user_email', `${VC}(255)`],
  ],
  v_workflow_success_rate: [
    ['workflow_name', `${VC}(100)`],
    ['total_executions', 'bigint'],
    ['successful', 'bigint'],
    ['failed', 'bigint'],
    ['rejected', 'bigint'],
    ['success_rate_pct', 'numeric'],
    ['avg_duration_seconds', 'numeric'],
    ['last_execution', TS],
  ],
  v_drag_mode_distribution: [
    ['drag_mode', `${VC}(20)`],
    ['total_requests', 'bigint'],
    ['unique_actors', 'bigint'],
    ['avg_duration_seconds', 'numeric'],
    ['successful', 'bigint'],
    ['success_rate_pct', 'numeric'],
  ],
  v_user_activity: [
    ['id', 'uuid'],
    ['email', `${VC}(255)`],
    ['name', `${VC}(255)`],
    ['role', `${VC}(50)`],
    ['total_workflows', 'bigint'],
    ['last_activity', TS],
    ['successful_workflows', 'bigint'],
    ['failed_workflows', 'bigint'],
  ],
};

export const SERVICE_FUNCTION = {
  key: 'update_updated_at_column()',
  result: 'trigger',
  language: 'plpgsql',
  /** The body, white space collapsed and lower-cased. */
  body: 'begin new.updated_at = now(); return new; end;',
} as const;

export const SERVICE_TRIGGER = {
  name: 'trigger_users_updated_at',
  table: 'users',
  definition: 'CREATE TRIGGER trigger_users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()',
} as const;

/** Every relation and routine the service owns, by name. */
export const SERVICE_TABLE_NAMES = Object.keys(SERVICE_TABLES);
export const SERVICE_VIEW_NAMES = Object.keys(SERVICE_VIEWS);

export interface ServiceSchemaReport {
  /** Service objects present in the database (`table users`, `view v_user_activity`…). */
  found: string[];
  /** What is missing or differs; empty when the service schema is complete. */
  problems: string[];
}

/** Same value, other spelling: `CURRENT_TIMESTAMP` for `now()`, `'{read}'::text[]` for an ARRAY. */
export function canonicalDefault(expr: string | null): string | null {
  if (expr === null) return null;
  let e = expr.trim();
  if (/^(now\(\)|CURRENT_TIMESTAMP|transaction_timestamp\(\)|LOCALTIMESTAMP)$/i.test(e)) return 'now()';
  e = e.replace(/^(?:[a-z_][a-z0-9_]*|"[^"]+")\.uuid_generate_v4\(\)$/, 'uuid_generate_v4()');
  const arrayLiteral = /^'\{([a-z0-9_,]*)\}'::text\[\]$/.exec(e);
  if (arrayLiteral) {
    const items = arrayLiteral[1] ? arrayLiteral[1].split(',') : [];
    e = items.length ? `ARRAY[${items.map((i) => `'${i}'::text`).join(', ')}]` : "'{}'::text[]";
  }
  return e;
}

function canonicalTrigger(def: string): string {
  return normaliseWhitespace(def.replace(/ EXECUTE PROCEDURE /, ' EXECUTE FUNCTION '));
}

/**
 * Compares a database's catalogue with the service's schema.
 * `found` empty: nothing of the service is there; `problems` empty: all of it is, as expected.
 */
export function diffServiceSchema(actual: SchemaDescription): ServiceSchemaReport {
  const found: string[] = [];
  const problems: string[] = [];

  for (const [table, expected] of Object.entries(SERVICE_TABLES)) {
    const t = actual.tables[table];
    if (!t) {
      problems.push(actual.views[table] ? `table ${table} is a view, expected a table` : `missing table ${table}`);
      continue;
    }
    found.push(`table ${table}`);
    const columns = new Map(t.columns.map((c) => [c.name, c]));
    for (const [name, type, notNull, def] of expected.columns) {
      const c = columns.get(name);
      if (!c) {
        problems.push(`table ${table}: missing column ${name} (${type})`);
        continue;
      }
      if (c.type !== type) problems.push(`table ${table}: column ${name} has type ${c.type}, expected ${type}`);
      if (c.notNull !== notNull)
        problems.push(
          `table ${table}: column ${name} is ${c.notNull ? 'NOT NULL' : 'nullable'}, expected ${notNull ? 'NOT NULL' : 'nullable'}`,
        );
      if (canonicalDefault(c.default) !== canonicalDefault(def))
        problems.push(`table ${table}: column ${name} has default ${c.default ?? 'none'}, expected ${def ?? 'none'}`);
    }

    const constraints = Object.values(t.constraints);
    for (const [name, type, definition] of expected.constraints) {
      const c = t.constraints[name];
      if (c) {
        if (c.type !== type || normaliseWhitespace(c.definition) !== definition)
          problems.push(`table ${table}: constraint ${name} is ${c.definition}, expected ${definition}`);
        continue;
      }
      // Primary, unique and foreign keys got generated names; accept the same key under another name.
      const twin = type !== 'c' && constraints.find((x) => x.type === type && normaliseWhitespace(x.definition) === definition);
      if (!twin) problems.push(`table ${table}: missing constraint ${name} (${definition})`);
    }

    for (const [name, definition] of expected.indexes) {
      const i = t.indexes[name];
      if (!i) problems.push(`table ${table}: missing index ${name}`);
      else if (normaliseWhitespace(i.definition) !== definition)
        problems.push(`table ${table}: index ${name} is ${i.definition}, expected ${definition}`);
    }
  }

  for (const [view, expectedColumns] of Object.entries(SERVICE_VIEWS)) {
    const v = actual.views[view];
    if (!v) {
      problems.push(actual.tables[view] ? `view ${view} is a table, expected a view` : `missing view ${view}`);
      continue;
    }
    found.push(`view ${view}`);
    if (v.materialized) problems.push(`view ${view} is a materialized view, expected a view`);
    const got = v.columns.map((c) => `${c.name} ${c.type}`).join(', ');
    const want = expectedColumns.map(([n, ty]) => `${n} ${ty}`).join(', ');
    if (got !== want) problems.push(`view ${view} has columns (${got}), expected (${want})`);
  }

  const fn = actual.functions[SERVICE_FUNCTION.key];
  if (!fn) problems.push(`missing function ${SERVICE_FUNCTION.key}`);
  else {
    found.push(`function ${SERVICE_FUNCTION.key}`);
    if (fn.result !== SERVICE_FUNCTION.result)
      problems.push(`function ${SERVICE_FUNCTION.key} returns ${fn.result}, expected ${SERVICE_FUNCTION.result}`);
    if (fn.language !== SERVICE_FUNCTION.language)
      problems.push(`function ${SERVICE_FUNCTION.key} is written in ${fn.language}, expected ${SERVICE_FUNCTION.language}`);
    else if (normaliseWhitespace(fn.body).toLowerCase() !== SERVICE_FUNCTION.body)
      problems.push(`function ${SERVICE_FUNCTION.key} has another body than the service's (${normaliseWhitespace(fn.body)})`);
  }

  const trigger = actual.triggers[`${SERVICE_TRIGGER.table}.${SERVICE_TRIGGER.name}`];
  if (!trigger) problems.push(`missing trigger ${SERVICE_TRIGGER.name} on ${SERVICE_TRIGGER.table}`);
  else {
    found.push(`trigger ${SERVICE_TRIGGER.name}`);
    if (canonicalTrigger(trigger.definition) !== SERVICE_TRIGGER.definition)
      problems.push(`trigger ${SERVICE_TRIGGER.name} is ${trigger.definition}, expected ${SERVICE_TRIGGER.definition}`);
  }

  if (!actual.extensions[SERVICE_EXTENSION]) problems.push(`missing extension ${SERVICE_EXTENSION}`);

  return { found, problems };
}
