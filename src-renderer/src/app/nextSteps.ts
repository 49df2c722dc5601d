import type { ErrorCode } from '../../../src-main/shared/errors';
import type { RouteId } from './route-ids';

/**
 * What to do after an error, by its code: a page to open (where the cause is mended) and a line
 * to read. Main's messages say what went wrong and usually how to fix it; this adds the way there.
 */
export interface NextStep {
  hint?: string;
  open?: { route: RouteId; label: string };
}

const CONNECTIONS = { route: 'connections', label: 'Open Connections' } as const;
const DATABASE = { route: 'database', label: 'Open Database' } as const;

export const NEXT_STEPS: Partial<Record<ErrorCode, NextStep>> = {
  NOT_CONNECTED: { open: CONNECTIONS },
  DATABASE_MISSING: { hint: 'Create it from the connection’s row (Create it), or choose another database.', open: CONNECTIONS },
  AUTH_FAILED: { hint: 'Edit the connection’s user or password.', open: CONNECTIONS },
  HOST_NOT_FOUND: { open: CONNECTIONS },
  CONNECTION_REFUSED: { open: CONNECTIONS },
  TLS_FAILED: { hint: 'Change the connection’s TLS mode or certificate files.', open: CONNECTIONS },
  NOT_POSTGRES: { open: CONNECTIONS },
  CONNECTION_LOST: { hint: 'The server went away mid-way: once it answers again (the status bar says so), run it again.' },
  SCHEMA_MISMATCH: { hint: 'Initialise or migrate the database on the Database page.', open: DATABASE },
  READ_ONLY: { hint: 'This connection may not change data: connect with a profile that is not read-only.', open: CONNECTIONS },
  PERMISSION_DENIED: { hint: 'Connect as a role that has this privilege.', open: CONNECTIONS },
  TIMEOUT: { hint: 'Try again; narrow the filters or raise the connection’s statement timeout if it keeps happening.' },
  CONFLICT: { hint: 'Something changed meanwhile: reload the page’s data and try again.' },
  FILE_ERROR: { hint: 'Check the path and that the file can be read; choose the file again with Choose file….' },
  MIGRATION_FAILED: { hint: 'Nothing was changed. Fix what the message names, then run it again.', open: DATABASE },
  INTERNAL: { hint: 'Unexpected: try again. If it repeats, the details are in the console’s log.' },
};
