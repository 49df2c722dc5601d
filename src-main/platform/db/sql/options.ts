/** Options of service calls: when (injectable for tests) and, for a change, who acts. */
import { AppError } from '../../../shared/errors';
import type { Operator } from '../../../shared/model/operator';

/** Options of a read: `now` is injectable so tests control time. */
export interface ReadOptions {
  now?: Date;
}

/** Options of a change: who acts (recorded in console_events), and when. */
export interface WriteOptions extends ReadOptions {
  operator: Operator;
}

export function nowOf(options: ReadOptions | undefined): Date {
  const now = options?.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new AppError('VALIDATION', 'The current time given is not a valid date.');
  return now;
}
