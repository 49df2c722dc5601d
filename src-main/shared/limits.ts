/**
 * Input limits, defined once: the IPC contract validates with them and the services enforce
 * the same numbers, so a value the window may send is one the service accepts.
 */
export const LIMITS = {
  /** Rows per page of a listing. */
  pageSize: { default: 50, max: 500 },
  /** Rows per page of the dormant-accounts report. */
  dormantPageSize: { default: 500, max: 10_000 },
  /** Users in one bulk action (disable, enable, set role, disable dormant). */
  bulkUsers: 10_000,
  /** A presented API key (longer input is not a key: refused before hashing). */
  apiKeyLength: 4096,
  /** Days of inactivity for the dormant report. */
  dormantDays: { default: 90, max: 36_500 },
  /** API key lifetime and rotation overlap. */
  keyExpiryDays: { default: 90, max: 3650 },
  keyOverlapHours: { default: 24, max: 8760 },
  /** A page cursor (opaque base64url text). */
  cursorLength: 2000,
  /** A file path given by a person. */
  pathLength: 4096,
  /** users.metadata as JSON text. */
  metadataChars: 100_000,
} as const;
