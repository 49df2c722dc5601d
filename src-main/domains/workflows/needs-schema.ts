/** A read of the service's tables on a database that does not have them says what to do. */
import { AppError } from '../../shared/errors';
import { sqlState, toAppError } from '../../platform/db/errors';

/**
 * Runs `work`, turning "relation does not exist" (SQLSTATE 42P01: the service's schema is not
 * there, e.g. a database just created) into SCHEMA_MISMATCH with the way out, and any other
 * database error into its AppError as `mapped` does.
 */
export async function needsSchema<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (sqlState(error).code === '42P01') {
      throw new AppError(
        'SCHEMA_MISMATCH',
        `This database has no ${what} yet: it lacks the governance schema. Initialise it on the Database page (or govcon init), then try again.`,
        { cause: error },
      );
    }
    throw toAppError(error);
  }
}
