import type { z } from 'zod';
import { channels, isChannelName, type AppEvent } from '../shared/contract';
import type { Envelope } from '../shared/model/app';
import { AppError, type ErrorDto } from '../shared/errors';
import type { Handlers } from '../shared/handler';

/** Who sent a message: the frame URL in Electron, the request origin under the test host. */
export interface SenderInfo {
  url: string;
}

export interface RouterOptions {
  isTrustedSender(sender: SenderInfo): boolean;
  /** Turns a thrown error into one a person can act on (e.g. a pg error into AUTH_FAILED). */
  classifyError?: (error: unknown) => AppError | undefined;
  /** Failures go back to the renderer as events too, so it can show them whatever called. */
  emit?: (event: AppEvent) => void;
  /** For unexpected errors only; gets the error, never the input (which may hold secrets). */
  logInternal?: (channel: string, error: unknown) => void;
}

export interface Router {
  dispatch(channel: unknown, input: unknown, sender: SenderInfo): Promise<Envelope<unknown>>;
}

/** Names the first offending field and what was expected, e.g. `samples: expected number`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}

export function createRouter(handlers: Handlers, options: RouterOptions): Router {
  const fail = (channel: string, error: ErrorDto, notify = true): Envelope<never> => {
    if (notify) options.emit?.({ name: 'call/failed', payload: { channel, error } });
    return { ok: false, error };
  };

  return {
    async dispatch(channel, input, sender) {
      const name = typeof channel === 'string' ? channel : String(channel);
      // An untrusted sender learns nothing else, and gets no events.
      if (!options.isTrustedSender(sender)) {
        return fail(name, { code: 'FORBIDDEN_SENDER', message: 'This window is not allowed to call the console.' }, false);
      }
      if (!isChannelName(channel)) {
        return fail(name, { code: 'UNKNOWN_CHANNEL', message: `There is no channel named "${name.slice(0, 100)}".` });
      }
      const parsed = channels[channel].input.safeParse(input ?? {});
      if (!parsed.success) {
        return fail(channel, { code: 'VALIDATION', message: `Invalid input for ${channel}: ${describeIssues(parsed.error)}` });
      }
      try {
        const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        const known = error instanceof AppError ? error : options.classifyError?.(error);
        if (known) return fail(channel, known.toDto());
        options.logInternal?.(channel, error);
        return fail(channel, { code: 'INTERNAL', message: `${channel} failed unexpectedly; the details are in the console's log.` });
      }
    },
  };
}
