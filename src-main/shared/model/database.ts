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
