import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appDataDir } from '../../../../src-main/platform/files/app-paths';
import {
  EnvSecretStore,
  passwordEnvName,
  SafeStorageSecretStore,
  storageRefusal,
  type SafeStorageLike,
} from '../../../../src-main/platform/secrets/secret-store';
import { AppError } from '../../../../src-main/shared/errors';

/** A stand-in for Electron's safeStorage: reversible, but not clear text. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike & { available: boolean } {
  const key = 0x5a;
  return {
    available,
    isEncryptionAvailable() {
      return this.available;
    },
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.concat([Buffer.from('v10'), Buffer.from(s, 'utf8').map((b) => b ^ key)]),
    decryptString: (b) => {
      if (b.subarray(0, 3).toString() !== 'v10') throw new Error('bad ciphertext');
      return Buffer.from(b.subarray(3).map((x) => x ^ key)).toString('utf8');
    },
  };
}

describe('SafeStorageSecretStore on Linux without a keyring', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-secrets-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses to save a password safeStorage would encrypt with basic_text, says why, and writes nothing', async () => {
    const store = new SafeStorageSecretStore(dir, fakeSafeStorage(true, 'basic_text'), 'secrets.json', 'linux');
    const error = await store.set('p1', 'hunter2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('FILE_ERROR');
    expect((error as AppError).message).toMatch(/no keyring is running.*"basic_text".*protects nothing/);
    expect((error as AppError).message).not.toContain('hunter2');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses while the backend is unknown, and saves with a real keyring; other systems are not asked', async () => {
    expect(storageRefusal(fakeSafeStorage(true, 'unknown'), 'linux')).toMatch(/not known yet/);
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) {
      expect(storageRefusal(fakeSafeStorage(true, backend), 'linux')).toBeNull();
    }
    expect(storageRefusal(fakeSafeStorage(true, 'basic_text'), 'darwin')).toBeNull();
    expect(storageRefusal(fakeSafeStorage(false), 'win32')).toMatch(/keychain is not available/);
    const store = new SafeStorageSecretStore(dir, fakeSafeStorage(true, 'kwallet6'), 'secrets.json', 'linux');
    await store.set('p1', 'hunter2');
    expect(await store.get('p1')).toBe('hunter2');
  });
});

describe('SafeStorageSecretStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-secrets-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores base64 ciphertext only, 0600, and reads it back', async () => {
    const store = new SafeStorageSecretStore(dir, fakeSafeStorage());
    expect(await store.get('p1')).toBeUndefined();
    await store.set('p1', 'correct horse');
    await store.set('p2', 'battery staple');
    expect(await store.get('p1')).toBe('correct horse');
    const text = fs.readFileSync(store.file, 'utf8');
    expect(text).not.toContain('correct horse');
    expect(JSON.parse(text).secrets.p1).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    await store.delete('p1');
    expect(await store.get('p1')).toBeUndefined();
    expect(await store.get('p2')).toBe('battery staple');
    expect(fs.readdirSync(dir)).toEqual(['secrets.json']);
  });

  it('refuses to store when encryption is unavailable, writing nothing', async () => {
    const store = new SafeStorageSecretStore(dir, fakeSafeStorage(false));
    const err = await store.set('p1', 'pw').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('FILE_ERROR');
    expect((err as AppError).message).not.toContain('pw ');
    expect(fs.existsSync(store.file)).toBe(false);
  });

  it('reports an undecryptable secret and a corrupt file as FILE_ERROR', async () => {
    const safe = fakeSafeStorage();
    const store = new SafeStorageSecretStore(dir, safe);
    fs.writeFileSync(store.file, JSON.stringify({ version: 1, secrets: { p1: Buffer.from('garbage').toString('base64') } }));
    expect(((await store.get('p1').catch((e: unknown) => e)) as AppError).code).toBe('FILE_ERROR');
    fs.writeFileSync(store.file, '[1,2');
    expect(((await store.get('p1').catch((e: unknown) => e)) as AppError).code).toBe('FILE_ERROR');
  });
});

describe('EnvSecretStore', () => {
  it('reads GOVCON_PASSWORD_<ID>, then PGPASSWORD, then asks', async () => {
    const id = '1b2c-3d';
    expect(passwordEnvName(id)).toBe('GOVCON_PASSWORD_1B2C_3D');
    expect(await new EnvSecretStore({ env: { GOVCON_PASSWORD_1B2C_3D: 'a', PGPASSWORD: 'b' } }).get(id)).toBe('a');
    expect(await new EnvSecretStore({ env: { PGPASSWORD: 'b' } }).get(id)).toBe('b');
    let asked = 0;
    const store = new EnvSecretStore({ env: {}, prompt: async () => (asked++, 'typed') });
    expect(await store.get(id)).toBe('typed');
    expect(await store.get(id)).toBe('typed');
    expect(asked).toBe(1);
    await store.delete(id);
    expect(await new EnvSecretStore({ env: {} }).get(id)).toBeUndefined();
  });
});

describe('appDataDir', () => {
  it('prefers GOVCON_DATA_DIR, else the platform folder', () => {
    expect(appDataDir({ GOVCON_DATA_DIR: '/srv/govcon' })).toBe('/srv/govcon');
    expect(appDataDir({ HOME: '/home/a', XDG_CONFIG_HOME: '/home/a/.cfg' }, 'linux')).toBe('/home/a/.cfg/governance-console');
    expect(appDataDir({ HOME: '/Users/a' }, 'darwin')).toBe('/Users/a/Library/Application Support/governance-console');
    expect(appDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('governance-console');
    const linuxDefault = appDataDir({ HOME: '/home/a' }, 'linux');
    expect(linuxDefault).toBe(process.getuid?.() === 0 ? '/var/lib/governance-console' : '/home/a/.config/governance-console');
  });
});
