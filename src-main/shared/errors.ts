/**
 * Stable error codes: the only error vocabulary that crosses IPC or leaves the CLI.
 * The UI acts on the code (offer to create a database, show a read-only banner…),
 * so codes are never renamed; add new ones instead.
 */
export const ERROR_CODES = [
  'VALIDATION', // input did not match the channel's schema, or a value is out of range
  'UNKNOWN_CHANNEL', // no such IPC channel
  'FORBIDDEN_SENDER', // message came from a frame or client the main process does not trust
  'NOT_CONNECTED', // the channel needs a database connection and there is none
  'NOT_FOUND',
  'CONFLICT', // unique violation, concurrent change, object in use
  'CANCELLED', // a job was cancelled
  'READ_ONLY', // a write on a read-only profile
  'PERMISSION_DENIED', // the database role lacks a privilege (SQLSTATE 42501)
  'MIGRATION_FAILED', // a migration failed and was rolled back; the message names it
  'AUTH_FAILED', // wrong user name or password
  'HOST_NOT_FOUND', // DNS could not resolve the host
  'CONNECTION_REFUSED', // nothing listens on host:port
  'TLS_FAILED', // TLS negotiation or certificate check failed
  'DATABASE_MISSING', // the server answered but the database does not exist
  'TIMEOUT',
  'NOT_POSTGRES', // something answered on the port, but not PostgreSQL
  'SCHEMA_MISMATCH', // a database with a partial or foreign schema
  'SCHEMA_MISSING', // the database holds no governance schema (empty, or another application's): initialise it first
  'FILE_ERROR', // a file could not be read or written
  'CONNECTION_LOST', // an established connection was cut while in use (server stopped or restarted, network cut)
  'INTERNAL', // a bug: details are logged in main, never sent
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDto {
  code: ErrorCode;
  message: string;
}

/** An error meant for a person: its message is safe to show and contains no secret. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }

  toDto(): ErrorDto {
    return { code: this.code, message: this.message };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
