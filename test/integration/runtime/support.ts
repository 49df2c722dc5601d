import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemorySecretStore } from '../../../src-main/platform/secrets/secret-store';
import type { SenderInfo } from '../../../src-main/ipc/router';
import { createRuntime, type Runtime } from '../../../src-main/runtime';
import type { AppEvent, ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../../../src-main/shared/contract';
import type { Envelope } from '../../../src-main/shared/model/app';
import type { JobFinished } from '../../../src-main/shared/model/jobs';
import type { ErrorDto } from '../../../src-main/shared/errors';

/** Runs one query on a connection of its own (a URL or a client config); its rows. */
export { sql as query } from '../../support/db';

/** The one window the runtime trusts in these tests. */
export const SENDER: SenderInfo = { url: 'app://governance-console/index.html' };

export interface RuntimeHarness {
  runtime: Runtime;
  dataDir: string;
  secrets: MemorySecretStore;
  /** Every event the runtime pushed, in order. */
  events: AppEvent[];
  /** What the runtime logged as unexpected (should stay empty). */
  internal: string[];
  /** A call through the router; rejects with the error envelope when it fails. */
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** A call through the router, the envelope as the renderer sees it. */
  dispatch(channel: string, input: unknown, sender?: SenderInfo): Promise<Envelope<unknown>>;
  /** The error code and message of a call expected to fail. */
  failure<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ErrorDto>;
  /** Starts a job channel and waits for the job's outcome. */
  job<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<JobFinished>;
  eventsNamed<N extends EventName>(name: N): EventPayload<N>[];
  close(): Promise<void>;
}

export function startRuntime(options: { env?: NodeJS.ProcessEnv; embeddedDefault?: boolean; dataDir?: string } = {}): RuntimeHarness {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-runtime-'));
  const secrets = new MemorySecretStore();
  const events: AppEvent[] = [];
  const internal: string[] = [];
  const runtime = createRuntime({
    shell: 'test-host',
    version: '0.0.0-test',
    dataDir,
    secrets,
    env: { ...options.env },
    embeddedDefault: options.embeddedDefault ?? false,
    emit: (event) => events.push(event),
    isTrustedSender: (sender) => sender.url === SENDER.url,
    log: {
      info: () => undefined,
      error: (message, error) => internal.push(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    },
  });
  const dispatch = (channel: string, input: unknown, sender: SenderInfo = SENDER) => runtime.router.dispatch(channel, input, sender);
  const call = async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const envelope = await dispatch(channel, input);
    if (!envelope.ok)
      throw Object.assign(new Error(`${channel} failed: ${envelope.error.code} ${envelope.error.message}`), { dto: envelope.error });
    return envelope.value as ChannelOutput<C>;
  };
  return {
    runtime,
    dataDir,
    secrets,
    events,
    internal,
    call,
    dispatch,
    async failure(channel, input) {
      const envelope = await dispatch(channel, input);
      if (envelope.ok) throw new Error(`${channel} succeeded, a failure was expected`);
      return envelope.error;
    },
    async job(channel, input) {
      const ref = (await call(channel, input)) as { jobId: string };
      return runtime.jobs.wait(ref.jobId);
    },
    eventsNamed<N extends EventName>(name: N) {
      return events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<N>);
    },
    async close() {
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` holds or `ms` pass; returns whether it held. */
export async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
