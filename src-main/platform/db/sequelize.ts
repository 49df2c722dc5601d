import { Sequelize, type Options } from 'sequelize';
import { pgDialectModule } from './pg-client';
import { DEFAULT_POOL, type PoolSettings } from './pool-settings';

/** Where to connect, as discrete fields: no URL to encode, so any password works as is. */
export interface ConnectionFields {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
}

export interface SequelizeTarget {
  /** libpq-style URL; its password is used but never logged. Either this or `connection`. */
  url?: string;
  connection?: ConnectionFields;
  pool?: Partial<PoolSettings>;
  /** Extra options handed to node-postgres (ssl, statement_timeout, application_name, options). */
  dialectOptions?: Record<string, unknown>;
  /** The server's version when already known (skips Sequelize's extra version connection). */
  databaseVersion?: string;
  log?: (sql: string) => void;
}

/** Idle connections are closed after this long (and at most after the recycle age). */
const IDLE_MS = 10_000;
const CREATED_AT = Symbol('govcon.createdAt');

interface PooledConnection {
  _ending?: boolean;
  _connected?: boolean;
  _queryable?: boolean;
  _invalid?: boolean;
  [CREATED_AT]?: number;
}

/**
 * One Sequelize instance (and so one pool) per connected profile.
 * SQLAlchemy's pool_size + max_overflow map onto Sequelize's max. pool_recycle (a maximum
 * connection age, checked when a connection is handed out) maps onto `validate`: every
 * connection is stamped when opened and refused once older than the limit, so the pool opens
 * a fresh one. `validate` is also the "checked before use" of installations: a connection
 * that errored or is closing is never handed out.
 */
export function createSequelize(target: SequelizeTarget): Sequelize {
  const pool = { ...DEFAULT_POOL, ...target.pool };
  const recycleMs = pool.recycleSeconds > 0 ? pool.recycleSeconds * 1000 : Infinity;
  const options: Options = {
    dialect: 'postgres',
    dialectModule: pgDialectModule,
    logging: pool.echo ? (sql: string) => (target.log ?? console.log)(sql) : false,
    benchmark: false,
    pool: {
      max: pool.size + pool.maxOverflow,
      min: 0,
      acquire: pool.timeoutSeconds * 1000,
      idle: Math.min(recycleMs, IDLE_MS),
      evict: 1000,
      maxUses: Infinity,
      validate: (conn: unknown) => {
        const c = conn as PooledConnection;
        if (c._ending || c._invalid || c._queryable === false) return false;
        const born = c[CREATED_AT];
        return born === undefined || Date.now() - born < recycleMs;
      },
    },
    dialectOptions: target.dialectOptions ?? {},
    define: { underscored: true, timestamps: false },
    hooks: {
      afterConnect: (conn: unknown) => {
        (conn as PooledConnection)[CREATED_AT] = Date.now();
      },
    },
  };
  // Not in Sequelize's typings, but read by its connection manager: 0 means "ask the server".
  if (target.databaseVersion) (options as Options & { databaseVersion?: string }).databaseVersion = target.databaseVersion;
  if (target.connection) {
    const c = target.connection;
    return new Sequelize(c.database, c.user, c.password, { ...options, host: c.host, port: c.port });
  }
  if (!target.url) throw new Error('createSequelize needs a url or connection fields');
  return new Sequelize(target.url, options);
}
