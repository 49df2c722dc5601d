import path from 'node:path';
import { AppError } from '../../shared/errors';
import { FileLock, readJsonIfExists, writeFileAtomic } from '../files/atomic-file';

/**
 * Where passwords live, keyed by profile id. Never in profile JSON, never logged: no
 * implementation puts a secret in an error message.
 */
export interface SecretStore {
  get(profileId: string): Promise<string | undefined>;
  set(profileId: string, secret: string): Promise<void>;
  delete(profileId: string): Promise<void>;
}

/** The part of Electron's `safeStorage` used here; src-main/index.ts injects the real one. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which keyring safeStorage uses (`gnome_libsecret`, `kwallet5`…, `basic_text`, `unknown`). */
  getSelectedStorageBackend?(): string;
}

/**
 * Why a password must not be saved with this safeStorage, or null when it may. On Linux with no
 * keyring (no GNOME Keyring, KWallet or other Secret Service), Electron still reports encryption
 * as available but uses the `basic_text` backend: a fixed password compiled into Chromium, which
 * anyone who can read the file can undo. That is clear text with extra steps, so it is refused.
 */
export function storageRefusal(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) {
    return 'Cannot save the password: the system keychain is not available and passwords are never stored in clear. You will be asked for it when connecting.';
  }
  if (platform !== 'linux') return null;
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  if (backend === 'basic_text') {
    return (
      'Cannot save the password: no keyring is running (GNOME Keyring, KWallet or another Secret Service), so Electron would ' +
      'encrypt it with a fixed key built into Chromium (its "basic_text" backend), which protects nothing. Start a keyring and ' +
      'save it again, or enter the password when connecting.'
    );
  }
  if (backend === 'unknown') {
    return 'Cannot save the password: the keyring Electron would use is not known yet, so it is not stored. Enter it when connecting.';
  }
  return null;
}

/**
 * Secrets encrypted by the OS keychain (Electron's safeStorage), kept as base64 ciphertext in
 * <data>/secrets.json (mode 0600, atomic writes). If encryption is unavailable, or on Linux is
 * only `basic_text` (storageRefusal), it refuses to store anything rather than write what
 * amounts to clear text, and says why.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly file: string;
  private readonly lock = new FileLock();

  constructor(
    dataDir: string,
    private readonly safeStorage: SafeStorageLike,
    fileName = 'secrets.json',
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.file = path.join(dataDir, fileName);
  }

  private async read(): Promise<Record<string, string>> {
    const raw = await readJsonIfExists(this.file);
    if (raw === undefined) return {};
    const secrets = (raw as { version?: unknown; secrets?: unknown } | null)?.secrets;
    if (!secrets || typeof secrets !== 'object' || Array.isArray(secrets) || Object.values(secrets).some((v) => typeof v !== 'string')) {
      throw new AppError(
        'FILE_ERROR',
        `${this.file} is corrupt (expected {"version":1,"secrets":{…}}). Move it aside and enter the passwords again.`,
      );
    }
    return { ...(secrets as Record<string, string>) };
  }

  private write(secrets: Record<string, string>): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify({ version: 1, secrets }, null, 2)}\n`, 0o600);
  }

  async get(profileId: string): Promise<string | undefined> {
    const cipher = (await this.read())[profileId];
    if (cipher === undefined) return undefined;
    if (!this.safeStorage.isEncryptionAvailable()) {
      throw new AppError(
        'FILE_ERROR',
        'The system keychain is not available, so the stored password cannot be decrypted. Enter the password again.',
      );
    }
    try {
      return this.safeStorage.decryptString(Buffer.from(cipher, 'base64'));
    } catch (e) {
      throw new AppError(
        'FILE_ERROR',
        'The stored password cannot be decrypted (the keychain key may have changed). Enter the password again.',
        { cause: e },
      );
    }
  }

  set(profileId: string, secret: string): Promise<void> {
    return this.lock.run(async () => {
      const refusal = storageRefusal(this.safeStorage, this.platform);
      if (refusal !== null) throw new AppError('FILE_ERROR', refusal);
      const cipher = this.safeStorage.encryptString(secret).toString('base64');
      const secrets = await this.read();
      secrets[profileId] = cipher;
      await this.write(secrets);
    });
  }

  delete(profileId: string): Promise<void> {
    return this.lock.run(async () => {
      const secrets = await this.read();
      if (!(profileId in secrets)) return;
      delete secrets[profileId];
      await this.write(secrets);
    });
  }
}

/** GOVCON_PASSWORD_<ID>: the id upper-cased, every other character than A-Z/0-9 as "_". */
export function passwordEnvName(profileId: string): string {
  return `GOVCON_PASSWORD_${profileId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export interface EnvSecretStoreOptions {
  env?: NodeJS.ProcessEnv;
  /** Asked when the environment has nothing, e.g. a hidden prompt on a terminal. */
  prompt?: (profileId: string) => Promise<string | undefined>;
}

/**
 * For plain Node (CLI, scripts, CI): GOVCON_PASSWORD_<ID>, then PGPASSWORD (as libpq), then
 * the prompt callback. `set` keeps the secret in memory for this process only; nothing is
 * written anywhere.
 */
export class EnvSecretStore implements SecretStore {
  private readonly env: NodeJS.ProcessEnv;
  private readonly prompt: EnvSecretStoreOptions['prompt'];
  private readonly session = new Map<string, string>();

  constructor(options: EnvSecretStoreOptions = {}) {
    this.env = options.env ?? process.env;
    this.prompt = options.prompt;
  }

  async get(profileId: string): Promise<string | undefined> {
    const known = this.session.get(profileId) ?? this.env[passwordEnvName(profileId)] ?? this.env.PGPASSWORD;
    if (known !== undefined) return known;
    const asked = await this.prompt?.(profileId);
    if (asked !== undefined) this.session.set(profileId, asked);
    return asked;
  }

  async set(profileId: string, secret: string): Promise<void> {
    this.session.set(profileId, secret);
  }

  async delete(profileId: string): Promise<void> {
    this.session.delete(profileId);
  }
}

/** In memory only: tests, and secrets that must not outlive the process. */
export class MemorySecretStore implements SecretStore {
  private readonly map = new Map<string, string>();
  async get(profileId: string): Promise<string | undefined> {
    return this.map.get(profileId);
  }
  async set(profileId: string, secret: string): Promise<void> {
    this.map.set(profileId, secret);
  }
  async delete(profileId: string): Promise<void> {
    this.map.delete(profileId);
  }
}
