/** The connected database's state: server, pool, health, migrations, tables. */
import type { ErrorDto } from '../errors';
import type { ConnectionSummary, ServerCheckDto } from './connections';

export interface PoolStatusDto {
  size: number;
  inUse: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface DatabaseStatusDto {
  connection: ConnectionSummary;
  server: ServerCheckDto;
  pool: PoolStatusDto;
  health: { ok: boolean; latencyMs: number | null; error?: ErrorDto };
  migrations: {
    state: 'empty' | 'adoptable' | 'managed' | 'foreign';
    applied: string[];
    pending: string[];
    unknown: string[];
    problems: string[];
  };
}

export interface TableInfoDto {
  name: string;
  kind: 'table' | 'view' | 'materialized view';
  owner: 'service' | 'console' | 'other';
  rows: number | null;
  estimated: boolean;
}

/** One role `govcon harden` made or brought up to date (a NOLOGIN group role: login roles are made its members). */
export interface HardenRoleDto {
  purpose: 'service' | 'auditor' | 'sealer';
  name: string;
  /** False when it existed already (its grants were applied again). */
  created: boolean;
  /** What it may do, in words (e.g. "SELECT, INSERT on audit_logs"). */
  grants: string[];
}

export interface HardenResult {
  database: string;
  roles: HardenRoleDto[];
  /** The tables none of the roles may change rows of (history, custody, seals). */
  protectedTables: string[];
}
