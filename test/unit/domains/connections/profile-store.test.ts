import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProfileStore, profileTarget } from '../../../../src-main/domains/connections/profile-store';
import { PRODUCTION_COLOUR, type ProfileInput } from '../../../../src-main/shared/model/profile';
import { MemorySecretStore } from '../../../../src-main/platform/secrets/secret-store';
import { AppError } from '../../../../src-main/shared/errors';

const input: ProfileInput = {
  name: 'Staging',
  host: 'db.example.org',
  database: 'governance',
  user: 'sre',
  environment: { name: 'staging' },
};

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).code;
  }
  return 'no error';
}

describe('ProfileStore', () => {
  let dir: string;
  let secrets: MemorySecretStore;
  let store: ProfileStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-profiles-'));
    secrets = new MemorySecretStore();
    store = new ProfileStore(dir, { secrets });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('treats a missing file as no profiles', async () => {
    expect(await store.list()).toEqual([]);
    expect(fs.existsSync(store.file)).toBe(false);
  });

  it('creates a profile with defaults and keeps the password out of the file', async () => {
    const p = await store.create(input, 's3cret-Pa55');
    expect(p).toMatchObject({
      port: 5432,
      tls: { mode: 'disable' },
      applicationName: 'governance-console',
      statementTimeoutMs: 30000,
      readOnly: false,
      hasPassword: true,
      operator: null,
    });
    expect(p.environment).toEqual({ name: 'staging', colour: '#d97706' });
    expect(await store.get(p.id)).toEqual(p);
    expect(await secrets.get(p.id)).toBe('s3cret-Pa55');
    const text = fs.readFileSync(store.file, 'utf8');
    expect(text).not.toContain('s3cret');
    expect(JSON.parse(text)).toEqual({ version: 1, profiles: [p] });
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
  });

  it('refuses a password inside the profile', async () => {
    expect(await codeOf(store.create({ ...input, password: 'x' } as ProfileInput))).toBe('VALIDATION');
    expect(await codeOf(store.create({ ...input, port: 70000 }))).toBe('VALIDATION');
    expect(fs.existsSync(store.file)).toBe(false);
  });

  it('makes production red and read-only unless told otherwise', async () => {
    const prod = await store.create({ ...input, name: 'Prod', environment: { name: 'production', colour: '#00ff00' } });
    expect(prod.environment.colour).toBe(PRODUCTION_COLOUR);
    expect(prod.readOnly).toBe(true);
    const prodRw = await store.create({ ...input, name: 'Prod RW', environment: { name: 'Production' }, readOnly: false });
    expect(prodRw.readOnly).toBe(false);
    expect(prodRw.environment.colour).toBe(PRODUCTION_COLOUR);
    const custom = await store.create({ ...input, name: 'Lab', environment: { name: 'lab', colour: '#123456' } });
    expect(custom.environment.colour).toBe('#123456');
  });

  it('writes atomically: a failed rename leaves the old file intact and no temporary file', async () => {
    const first = await store.create(input);
    const before = fs.readFileSync(store.file, 'utf8');
    vi.spyOn(fsp, 'rename').mockRejectedValueOnce(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    const err = await store.create({ ...input, name: 'Other' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('FILE_ERROR');
    expect((err as AppError).message).toContain('ENOSPC');
    expect(fs.readFileSync(store.file, 'utf8')).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['profiles.json']);
    expect(await store.list()).toEqual([first]);
  });

  it('serialises concurrent writers', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.create({ ...input, name: `P${i}` })));
    expect((await store.list()).map((p) => p.name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `P${i}`).sort());
  });

  it('reports a corrupt file as FILE_ERROR and never overwrites it', async () => {
    fs.writeFileSync(store.file, '{"version":1,"profiles":[');
    const err = await store.list().catch((e: unknown) => e);
    expect((err as AppError).code).toBe('FILE_ERROR');
    expect((err as AppError).message).toContain(store.file);
    expect(await codeOf(store.create(input))).toBe('FILE_ERROR');
    expect(fs.readFileSync(store.file, 'utf8')).toBe('{"version":1,"profiles":[');

    fs.writeFileSync(store.file, JSON.stringify({ version: 1, profiles: [{ id: 'x', name: 'no host' }] }));
    const shape = await store.list().catch((e: unknown) => e);
    expect((shape as AppError).code).toBe('FILE_ERROR');
    expect((shape as AppError).message).toMatch(/profiles\.0\.host/);
  });

  it('rejects duplicate names', async () => {
    await store.create(input);
    expect(await codeOf(store.create({ ...input, name: 'STAGING' }))).toBe('CONFLICT');
  });

  it('duplicates a profile with a new id, a free name and its password', async () => {
    const p = await store.create(input, 'pw');
    const c1 = await store.duplicate(p.id);
    const c2 = await store.duplicate(p.id);
    expect(c1.id).not.toBe(p.id);
    expect(c1.name).toBe('Staging (copy)');
    expect(c2.name).toBe('Staging (copy 2)');
    expect({ ...c1, id: p.id, name: p.name, createdAt: p.createdAt, updatedAt: p.updatedAt }).toEqual(p);
    expect(await secrets.get(c1.id)).toBe('pw');
    const named = await store.duplicate(p.id, 'Staging B');
    expect(named.name).toBe('Staging B');
    expect(await codeOf(store.duplicate('nope'))).toBe('NOT_FOUND');
  });

  it('updates fields and the password, and deletes with the secret', async () => {
    const p = await store.create(input, 'pw');
    const u = await store.update(p.id, { port: 6432, environment: { name: 'production' } });
    expect(u).toMatchObject({
      port: 6432,
      environment: { name: 'production', colour: PRODUCTION_COLOUR },
      hasPassword: true,
      createdAt: p.createdAt,
    });
    const noPw = await store.update(p.id, {}, null);
    expect(noPw.hasPassword).toBe(false);
    expect(await secrets.get(p.id)).toBeUndefined();
    await store.update(p.id, {}, 'pw2');
    expect(await secrets.get(p.id)).toBe('pw2');
    await store.delete(p.id);
    expect(await store.list()).toEqual([]);
    expect(await secrets.get(p.id)).toBeUndefined();
    expect(await codeOf(store.delete(p.id))).toBe('NOT_FOUND');
    expect(await codeOf(store.get(p.id))).toBe('NOT_FOUND');
  });

  it('turns a profile into a connection target', async () => {
    const p = await store.create({ ...input, tls: { mode: 'verify-full', caFile: '/etc/ca.pem' } });
    expect(profileTarget(p)).toMatchObject({
      id: p.id,
      host: 'db.example.org',
      port: 5432,
      tls: { mode: 'verify-full', caFile: '/etc/ca.pem' },
      readOnly: false,
    });
  });

  it('needs both a client certificate and its key', async () => {
    expect(await codeOf(store.create({ ...input, tls: { mode: 'require', certFile: '/c.pem' } }))).toBe('VALIDATION');
  });
});
