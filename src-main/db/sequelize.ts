import { Sequelize, type Options } from 'sequelize';
import pg from 'pg';

/** Pool settings the service's installations already use (DESIGN.md §1). */
export interface PoolSettings {
  size: number; // DB_POOL_SIZE
  maxOverflow: number; // DB_POOL_MAX_OVERFLOW
  timeoutSeconds: number; // DB_POOL_TIMEOUT: how long to wait for a free connection
  recycleSeconds: number; // DB_POOL_RECYCLE: a connection older than this is replaced
  echo: boolean; // DB_ECHO: log SQL (never parameters)
}

export const DEFAULT_POOL: PoolSettings = {
  size: 20,
  maxOverflow: 10,
  timeoutSeconds: 30,
  recycleSeconds: 3600,
  echo: false,
};

export interface SequelizeTarget {
  /** libpq-style URL; its password is used but never logged. */
  url: string;
  pool?: Partial<PoolSettings>;
  /** Extra options handed to node-postgres (ssl, statement_timeout, application_name, options). */
  dialectOptions?: Record<string, unknown>;
  log?: (sql: string) => void;
}

/**
 * One Sequelize instance (and so one pool) per connected profile.
 * SQLAlchemy's pool_size + max_overflow map onto Sequelize's max; pool_recycle onto maxUses
 * cannot be expressed, so recycling is done by evicting idle connections older than the limit
 * (Sequelize's `evict` + `idle`), and "checked before use" by `validate`.
 */
export function createSequelize(target: SequelizeTarget): Sequelize {
  const pool = { ...DEFAULT_POOL, ...target.pool };
  const options: Options = {
    dialect: 'postgres',
    dialectModule: pg,
    logging: pool.echo ? (sql: string) => (target.log ?? console.log)(sql) : false,
    benchmark: false,
    pool: {
      max: pool.size + pool.maxOverflow,
      min: 0,
      acquire: pool.timeoutSeconds * 1000,
      idle: Math.min(pool.recycleSeconds * 1000, 10_000),
      evict: 1000,
      maxUses: Infinity,
      validate: (conn: unknown) => {
        const c = conn as { _ending?: boolean; _connected?: boolean; _queryable?: boolean };
        return !c._ending && c._queryable !== false;
      },
    },
    dialectOptions: target.dialectOptions ?? {},
    define: { underscored: true, timestamps: false },
  };
  return new Sequelize(target.url, options);
}
