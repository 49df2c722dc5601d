/**
 * Every advisory lock the console takes, in one list so two features never pick the same key.
 * Keys are (class, object) pairs: class 0x47434f4e ("GCON") is the console's; the object
 * numbers the feature. Locks are session-level unless the taker says otherwise.
 */
const CONSOLE = 0x47434f4e;

export const ADVISORY_LOCKS = {
  /** One migrator at a time per database. */
  migration: [CONSOLE, 1],
  /** One import at a time per database. */
  import: [CONSOLE, 2],
  /** One sealer at a time per database (two would fork the log). */
  seal: [CONSOLE, 3],
  /** One restore at a time per database. */
  restore: [CONSOLE, 4],
} as const satisfies Record<string, readonly [number, number]>;
