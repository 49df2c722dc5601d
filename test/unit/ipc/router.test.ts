import { describe, expect, it } from 'vitest';
import { createRouter, type SenderInfo } from '../../../src-main/ipc/router';
import { type Handlers } from '../../../src-main/shared/handler';
import { JobManager } from '../../../src-main/platform/jobs/job-manager';
import { sleep } from '../../../src-main/platform/jobs/job-context';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { ConnectionService } from '../../../src-main/domains/connections/connection-service';
import { MemorySecretStore } from '../../../src-main/platform/secrets/secret-store';
import type { AppEvent } from '../../../src-main/shared/contract';
import { AppError } from '../../../src-main/shared/errors';

const trusted: SenderInfo = { url: 'app://trusted/index.html' };
const info = { name: 'Governance Console', version: '0.0.0-test', dataDir: '/tmp/x', shell: 'node' as const };

function setup(overrides: Partial<Handlers> = {}) {
  const events: AppEvent[] = [];
  const internal: string[] = [];
  const jobs = new JobManager({ emit: (e) => events.push(e), progressIntervalMs: 0 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-router-'));
  const connections = new ConnectionService({
    dataDir,
    secrets: new MemorySecretStore(),
    env: {},
    embeddedDefault: false,
    emit: (e) => events.push(e),
  });
  const handlers: Handlers = { ...createHandlers({ info, connections, jobs }), ...overrides };
  const router = createRouter(handlers, {
    isTrustedSender: (s) => s.url.startsWith('app://trusted/'),
    emit: (e) => events.push(e),
    logInternal: (channel) => internal.push(channel),
    classifyError: (e) => ((e as { code?: string }).code === '28P01' ? new AppError('AUTH_FAILED', 'Wrong password.') : undefined),
  });
  return { router, events, internal, jobs };
}

describe('router', () => {
  it('returns the handler value for a valid call', async () => {
    const { router } = setup();
    expect(await router.dispatch('app/info', {}, trusted)).toEqual({ ok: true, value: info });
  });

  it('treats a missing input as an empty object', async () => {
    const { router } = setup();
    expect((await router.dispatch('app/info', undefined, trusted)).ok).toBe(true);
  });

  it('refuses an unknown channel, including names inherited from Object.prototype', async () => {
    const { router, events } = setup();
    for (const name of ['nope/nothing', 'constructor', '__proto__', 42]) {
      const res = await router.dispatch(name, {}, trusted);
      expect(res).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(events.filter((e) => e.name === 'call/failed')).toHaveLength(4);
  });

  it('refuses bad input with VALIDATION naming the field and never calls the handler', async () => {
    let called = false;
    const { router } = setup({
      'jobs/start-health-probe': async () => {
        called = true;
        return { jobId: 'x', kind: 'health-probe' };
      },
    });
    const res = await router.dispatch('jobs/start-health-probe', { samples: 'ten', intervalMs: 5 }, trusted);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('VALIDATION');
      expect(res.error.message).toContain('samples');
    }
    const extra = await router.dispatch('app/info', { sneaky: true }, trusted);
    expect(extra).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const notUuid = await router.dispatch('jobs/cancel', { jobId: 42 }, trusted);
    expect(notUuid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(called).toBe(false);
  });

  it('refuses an untrusted sender before looking at anything else, and tells it nothing', async () => {
    const { router, events } = setup();
    const res = await router.dispatch('app/info', {}, { url: 'https://evil.example/' });
    expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN_SENDER', message: expect.any(String) } });
    const unknown = await router.dispatch('nope', {}, { url: 'file:///elsewhere.html' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(events).toHaveLength(0);
  });

  it('maps handler errors: AppError as is, classified errors by code, anything else to INTERNAL', async () => {
    const { router, internal } = setup({
      'app/info': async () => {
        throw new AppError('NOT_FOUND', 'No such thing.');
      },
      'connection/active': async () => {
        throw Object.assign(new Error('password authentication failed for user "x"'), { code: '28P01' });
      },
      'jobs/list': async () => {
        throw new TypeError('secret internals');
      },
    });
    expect(await router.dispatch('app/info', {}, trusted)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No such thing.' } });
    expect(await router.dispatch('connection/active', {}, trusted)).toEqual({
      ok: false,
      error: { code: 'AUTH_FAILED', message: 'Wrong password.' },
    });
    const res = await router.dispatch('jobs/list', {}, trusted);
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!res.ok) expect(res.error.message).not.toContain('secret internals');
    expect(internal).toEqual(['jobs/list']);
  });

  it('says NOT_CONNECTED when a channel needs a database and there is none', async () => {
    const { router } = setup();
    expect(await router.dispatch('db/status', {}, trusted)).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
    expect(await router.dispatch('jobs/start-health-probe', { samples: 1, intervalMs: 0 }, trusted)).toMatchObject({
      ok: false,
      error: { code: 'NOT_CONNECTED' },
    });
  });

  it('cancels a running job through the cancel channel', async () => {
    const { router, jobs, events } = setup();
    const ref = jobs.start('health-probe', async (job) => {
      for (let i = 0; ; i++) {
        job.progress(i, 1000);
        await sleep(5, job.signal);
      }
    });
    await sleep(30, new AbortController().signal);
    const listed = await router.dispatch('jobs/list', {}, trusted);
    expect(listed).toMatchObject({ ok: true, value: [{ jobId: ref.jobId, status: 'running' }] });
    expect(await router.dispatch('jobs/cancel', { jobId: ref.jobId }, trusted)).toEqual({ ok: true, value: { cancelled: true } });
    const finished = await jobs.wait(ref.jobId);
    expect(finished).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    expect(events.some((e) => e.name === 'job/finished' && e.payload.jobId === ref.jobId)).toBe(true);
    // A finished job cannot be cancelled again.
    expect(await router.dispatch('jobs/cancel', { jobId: ref.jobId }, trusted)).toEqual({ ok: true, value: { cancelled: false } });
  });
});
