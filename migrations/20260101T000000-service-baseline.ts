import { AppError } from '../src-main/shared/errors';
import type { MigrationFn } from './types';

/**
 * Baseline: the governance service's schema exactly as its own plain SQL script creates it
 * (docs/architecture.md, "The service's database") — extension, five tables, indexes, four views, the updated_at trigger and
 * the seed admin. Databases the service created are adopted at this migration without running
 * it (see src-main/db/migrator.ts), so this text must produce the very same catalogue; the
 * schema-equality test checks it against a separately written fixture.
 *
 * Frozen: later changes belong in new migrations, never here.
 */
const UP = `
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

CREATE TABLE IF NOT EXISTS users (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    email VARCHAR(255) UNIQUE NOT NULL,
    name VARCHAR(255) NOT NULL,
    role VARCHAR(50) NOT NULL DEFAULT 'user',
    is_active BOOLEAN DEFAULT true,
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW(),
    last_login_at TIMESTAMP,
    metadata JSONB DEFAULT '{}'::jsonb,
    CONSTRAINT users_email_check CHECK (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$'),
    CONSTRAINT users_role_check CHECK (role IN ('user', 'admin', 'sre', 'developer', 'auditor'))
);
CREATE INDEX IF NOT EXISTS idx_users_email ON users(email);
CREATE INDEX IF NOT EXISTS idx_users_role ON users(role);
CREATE INDEX IF NOT EXISTS idx_users_is_active ON users(is_active);

CREATE TABLE IF NOT EXISTS api_keys (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key_hash VARCHAR(128) UNIQUE NOT NULL,
    name VARCHAR(100) NOT NULL,
    scopes TEXT[] DEFAULT ARRAY['read']::TEXT[],
    is_active BOOLEAN DEFAULT true,
    last_used_at TIMESTAMP,
    expires_at TIMESTAMP,
    created_at TIMESTAMP DEFAULT NOW(),
    revoked_at TIMESTAMP,
    metadata JSONB DEFAULT '{}'::jsonb,
    CONSTRAINT api_keys_scopes_check
        CHECK (scopes <@ ARRAY['read', 'write', 'admin', 'governance', 'workflows']::TEXT[])
);
CREATE INDEX IF NOT EXISTS idx_api_keys_user_id ON api_keys(user_id);
CREATE INDEX IF NOT EXISTS idx_api_keys_key_hash ON api_keys(key_hash);
CREATE INDEX IF NOT EXISTS idx_api_keys_is_active ON api_keys(is_active);
CREATE INDEX IF NOT EXISTS idx_api_keys_expires_at ON api_keys(expires_at);

CREATE TABLE IF NOT EXISTS audit_logs (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    trace_id UUID NOT NULL,
    user_id UUID REFERENCES users(id) ON DELETE SET NULL,
    actor_name VARCHAR(255) NOT NULL,
    actor_email VARCHAR(255),
    actor_role VARCHAR(50),
    drag_mode VARCHAR(20) NOT NULL,
    workflow_name VARCHAR(100) NOT NULL,
    parameters JSONB DEFAULT '{}'::jsonb,
    outcome VARCHAR(20) NOT NULL,
    error TEXT,
    duration_seconds DECIMAL(10, 3),
    input_sources JSONB DEFAULT '[]'::jsonb,
    input_constraints JSONB DEFAULT '[]'::jsonb,
    mission_objective TEXT,
    mission_success_criteria JSONB DEFAULT '[]'::jsonb,
    integrity_hash VARCHAR(64) NOT NULL,
    created_at TIMESTAMP DEFAULT NOW(),
    CONSTRAINT audit_logs_drag_mode_check CHECK (drag_mode IN ('draft', 'research', 'grunt', 'execute')),
    CONSTRAINT audit_logs_outcome_check CHECK (outcome IN ('success', 'failure', 'rejected'))
);
CREATE INDEX IF NOT EXISTS idx_audit_logs_trace_id ON audit_logs(trace_id);
CREATE INDEX IF NOT EXISTS idx_audit_logs_user_id ON audit_logs(user_id);
CREATE INDEX IF NOT EXISTS idx_audit_logs_actor_name ON audit_logs(actor_name);
CREATE INDEX IF NOT EXISTS idx_audit_logs_drag_mode ON audit_logs(drag_mode);
CREATE INDEX IF NOT EXISTS idx_audit_logs_workflow_name ON audit_logs(workflow_name);
CREATE INDEX IF NOT EXISTS idx_audit_logs_outcome ON audit_logs(outcome);
CREATE INDEX IF NOT EXISTS idx_audit_logs_created_at ON audit_logs(created_at DESC);
CREATE INDEX IF NOT EXISTS idx_audit_logs_integrity_hash ON audit_logs(integrity_hash);

CREATE TABLE IF NOT EXISTS workflow_executions (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    trace_id UUID NOT NULL,
    user_id UUID REFERENCES users(id) ON DELETE SET NULL,
    workflow_name VARCHAR(100) NOT NULL,
    parameters JSONB DEFAULT '{}'::jsonb,
    status VARCHAR(20) NOT NULL,
    started_at TIMESTAMP NOT NULL DEFAULT NOW(),
    completed_at TIMESTAMP,
    duration_seconds DECIMAL(10, 3),
    result JSONB,
    error TEXT,
    audit_log_id UUID REFERENCES audit_logs(id) ON DELETE SET NULL,
    CONSTRAINT workflow_executions_status_check
        CHECK (status IN ('running', 'completed', 'failed', 'cancelled'))
);
CREATE INDEX IF NOT EXISTS idx_workflow_executions_trace_id ON workflow_executions(trace_id);
CREATE INDEX IF NOT EXISTS idx_workflow_executions_user_id ON workflow_executions(user_id);
CREATE INDEX IF NOT EXISTS idx_workflow_executions_workflow_name ON workflow_executions(workflow_name);
CREATE INDEX IF NOT EXISTS idx_workflow_executions_status ON workflow_executions(status);
CREATE INDEX IF NOT EXISTS idx_workflow_executions_started_at ON workflow_executions(started_at DESC);

CREATE TABLE IF NOT EXISTS governance_metrics (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    metric_name VARCHAR(100) NOT NULL,
    metric_value DECIMAL(15, 3) NOT NULL,
    drag_mode VARCHAR(20),
    actor_role VARCHAR(50),
    workflow_name VARCHAR(100),
    outcome VARCHAR(20),
    timestamp TIMESTAMP NOT NULL DEFAULT NOW(),
    labels JSONB DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS idx_governance_metrics_metric_name ON governance_metrics(metric_name);
CREATE INDEX IF NOT EXISTS idx_governance_metrics_timestamp ON governance_metrics(timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_governance_metrics_drag_mode ON governance_metrics(drag_mode);
CREATE INDEX IF NOT EXISTS idx_governance_metrics_workflow_name ON governance_metrics(workflow_name);

-- The latest 100 audit entries, newest first, with the user's email.
CREATE OR REPLACE VIEW v_recent_governance AS
SELECT
    al.trace_id,
    al.actor_name,
    al.actor_role,
    al.drag_mode,
    al.workflow_name,
    al.outcome,
    al.duration_seconds,
    al.created_at,
    u.email AS user_email
FROM audit_logs al
LEFT JOIN users u ON al.user_id = u.id
ORDER BY al.created_at DESC
LIMIT 100;

-- Per workflow: volume, outcomes and success rate, most used first.
CREATE OR REPLACE VIEW v_workflow_success_rate AS
SELECT
    workflow_name,
    COUNT(*) AS total_executions,
    SUM(CASE WHEN outcome = 'success' THEN 1 ELSE 0 END) AS successful,
    SUM(CASE WHEN outcome = 'failure' THEN 1 ELSE 0 END) AS failed,
    SUM(CASE WHEN outcome = 'rejected' THEN 1 ELSE 0 END) AS rejected,
    ROUND(100.0 * SUM(CASE WHEN outcome = 'success' THEN 1 ELSE 0 END) / COUNT(*), 2) AS success_rate_pct,
    AVG(duration_seconds) AS avg_duration_seconds,
    MAX(created_at) AS last_execution
FROM audit_logs
GROUP BY workflow_name
ORDER BY total_executions DESC;

-- Per DRAG mode: volume, distinct actors, success rate.
CREATE OR REPLACE VIEW v_drag_mode_distribution AS
SELECT
    drag_mode,
    COUNT(*) AS total_requests,
    COUNT(DISTINCT actor_name) AS unique_actors,
    AVG(duration_seconds) AS avg_duration_seconds,
    SUM(CASE WHEN outcome = 'success' THEN 1 ELSE 0 END) AS successful,
    ROUND(100.0 * SUM(CASE WHEN outcome = 'success' THEN 1 ELSE 0 END) / COUNT(*), 2) AS success_rate_pct
FROM audit_logs
GROUP BY drag_mode
ORDER BY total_requests DESC;

-- Every user with their audit activity.
CREATE OR REPLACE VIEW v_user_activity AS
SELECT
    u.id,
    u.email,
    u.name,
    u.role,
    COUNT(al.id) AS total_workflows,
    MAX(al.created_at) AS last_activity,
    SUM(CASE WHEN al.outcome = 'success' THEN 1 ELSE 0 END) AS successful_workflows,
    SUM(CASE WHEN al.outcome = 'failure' THEN 1 ELSE 0 END) AS failed_workflows
FROM users u
LEFT JOIN audit_logs al ON u.id = al.user_id
GROUP BY u.id, u.email, u.name, u.role
ORDER BY total_workflows DESC;

CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at = NOW();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS trigger_users_updated_at ON users;
CREATE TRIGGER trigger_users_updated_at
    BEFORE UPDATE ON users
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

INSERT INTO users (email, name, role)
VALUES ('admin@honeybadgerlabs.io', 'System Admin', 'admin')
ON CONFLICT (email) DO NOTHING;
`;

/** Rows that are not the seed: reverting would destroy them. */
const HAS_DATA = `
SELECT (EXISTS (SELECT 1 FROM audit_logs)
     OR EXISTS (SELECT 1 FROM workflow_executions)
     OR EXISTS (SELECT 1 FROM governance_metrics)
     OR EXISTS (SELECT 1 FROM api_keys)
     OR EXISTS (SELECT 1 FROM users WHERE email <> 'admin@honeybadgerlabs.io')) AS has_data
`;

/** The extension stays: other objects may use it, and it holds no data. */
const DOWN = `
DROP VIEW IF EXISTS v_user_activity;
DROP VIEW IF EXISTS v_drag_mode_distribution;
DROP VIEW IF EXISTS v_workflow_success_rate;
DROP VIEW IF EXISTS v_recent_governance;
DROP TABLE IF EXISTS governance_metrics;
DROP TABLE IF EXISTS workflow_executions;
DROP TABLE IF EXISTS audit_logs;
DROP TABLE IF EXISTS api_keys;
DROP TABLE IF EXISTS users;
DROP FUNCTION IF EXISTS update_updated_at_column();
`;

export const up: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  await sequelize.query(UP, { transaction });
};

/** Refuses to run while the service's tables hold anything but the seed admin. */
export const down: MigrationFn = async ({ context: { sequelize, transaction } }) => {
  const [rows] = await sequelize.query(HAS_DATA, { transaction });
  if ((rows as Array<{ has_data: boolean }>)[0]?.has_data) {
    throw new AppError('CONFLICT', 'The service tables hold data: the baseline is not reverted (drop the database instead).');
  }
  await sequelize.query(DOWN, { transaction });
};
