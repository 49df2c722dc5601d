/**
 * The renderer's typed client. Everything it knows about channels comes from the contract as
 * types only: a wrong channel name or payload is a compile error here, and the main process
 * rejects it with VALIDATION at run time anyway (the renderer is untrusted).
 */
import type { AppEvent, Bridge, ChannelInput, ChannelName, ChannelOutput } from '../../../src-main/shared/contract';
import type { Envelope } from '../../../src-main/shared/model/app';
import type { ErrorCode, ErrorDto } from '../../../src-main/shared/errors';

declare global {
  interface Window {
    governance?: Bridge;
  }
}

export class CallError extends Error {
  readonly code: ErrorCode;
  constructor(error: ErrorDto) {
    super(error.message);
    this.name = 'CallError';
    this.code = error.code;
  }
}

function bridge(): Bridge {
  const b = window.governance;
  if (!b) throw new CallError({ code: 'INTERNAL', message: 'The console bridge is missing: this page must run inside the app.' });
  return b;
}

export async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  // Indexing a mapped type by a generic key loses the link between input and output; the
  // signature above restores it for callers.
  const fn = bridge().channels[channel] as unknown as (input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>>;
  const envelope = await fn(input);
  if (!envelope.ok) throw new CallError(envelope.error);
  return envelope.value;
}

export function onEvent(listener: (event: AppEvent) => void): () => void {
  return window.governance ? window.governance.onEvent(listener) : () => undefined;
}
