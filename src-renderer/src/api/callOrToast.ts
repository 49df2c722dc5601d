/**
 * The one error path of the window. Every call goes through tryCall (or callOrToast, its short
 * form): a failure is announced once (api/failures.ts: the store shows it as a toast) and comes
 * back as a value, so no call site catches, swallows or reports an error on its own. Main
 * also sends a `call/failed` event for a call it refused; the toast slice shows the two reports
 * of one failure as one toast.
 */
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../src-main/shared/contract';
import { call, CallError } from './client';
import { reportCallFailed } from './failures';
import { confirmProductionWrite } from './production-guard';

export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: CallError };

/** Channels whose answer is never null, so that callOrToast's null can only mean "failed". */
export type NonNullChannel = { [C in ChannelName]: null extends ChannelOutput<C> ? never : C }[ChannelName];

function asCallError(channel: string, error: unknown): CallError {
  if (error instanceof CallError) return error;
  // A transport failure (the bridge rejected): main never saw the call, so it sent no event.
  const why = error instanceof Error ? error.message : String(error);
  return new CallError({ code: 'INTERNAL', message: `${channel} did not reach the main process: ${why}` });
}

/** Calls a channel; on failure shows the error and returns it (callers that act on the code). */
export async function tryCall<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<CallOutcome<ChannelOutput<C>>> {
  // Through a production profile, every write is confirmed first, naming the server and database.
  if (!confirmProductionWrite(channel)) {
    return { ok: false, error: new CallError({ code: 'CANCELLED', message: `${channel} was not sent: not confirmed.` }) };
  }
  try {
    return { ok: true, value: await call(channel, input) };
  } catch (caught) {
    const error = asCallError(channel, caught);
    reportCallFailed(channel, { code: error.code, message: error.message });
    return { ok: false, error };
  }
}

/** Calls a channel; its answer, or null once the failure has been shown. */
export async function callOrToast<C extends NonNullChannel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C> | null> {
  const outcome = await tryCall(channel, input);
  return outcome.ok ? outcome.value : null;
}
