/**
 * The pool's settings and their defaults, apart from sequelize.ts so that reading them (the
 * DB_POOL_* variables of a command line's environment) does not load Sequelize.
 */

/** Pool settings the service's installations already use (docs/architecture.md, "The service's database"). */
export interface PoolSettings {
  size: number; // DB_POOL_SIZE
  maxOverflow: number; // DB_POOL_MAX_OVERFLOW
  timeoutSeconds: number; // DB_POOL_TIMEOUT: how long to wait for a free connection
  recycleSeconds: number; // DB_POOL_RECYCLE: a connection older than this is replaced (-1 or 0: never)
  echo: boolean; // DB_ECHO: log SQL (never parameters)
}

export const DEFAULT_POOL: PoolSettings = {
  size: 20,
  maxOverflow: 10,
  timeoutSeconds: 30,
  recycleSeconds: 3600,
  echo: false,
};
