import crypto from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { FileLock, readJsonIfExists, writeFileAtomic } from '../../platform/files/atomic-file';
import type { SecretStore } from '../../platform/secrets/secret-store';

/**
 * Connection profiles: where a database is and how to talk to it. A profile never holds the
 * password; `hasPassword` says whether the SecretStore keeps one under the profile's id.
 */

import {
  PRODUCTION_COLOUR,
  environmentColour,
  isProduction,
  profileInputSchema,
  profileSchema,
  type ConnectionProfile,
  type ProfileInput,
  type ProfilePatch,
} from '../../shared/model/profile';
import type { ConnectionTarget } from '../../platform/db/target';

const fileSchema = z.object({ version: z.literal(1), profiles: z.array(profileSchema) });

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : 'value'}: ${i.message}`)
    .join('; ');
}

function refusePassword(input: unknown): void {
  if (input && typeof input === 'object' && ('password' in input || 'secret' in input)) {
    throw new AppError('VALIDATION', 'A profile never holds the password: pass it separately so it goes to the secret store.');
  }
}

/** Validated, defaults applied, production forced red (and read-only unless said otherwise). */
export function normaliseInput(
  input: ProfileInput,
): z.output<typeof profileInputSchema> & { readOnly: boolean; environment: { name: string; colour: string } } {
  refusePassword(input);
  const parsed = profileInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION', `Invalid connection profile: ${describeIssues(parsed.error)}.`);
  const v = parsed.data;
  const prod = isProduction(v.environment);
  const environment = {
    name: v.environment.name,
    colour: prod ? PRODUCTION_COLOUR : (v.environment.colour ?? environmentColour(v.environment.name)),
  };
  if ((v.tls.certFile === undefined) !== (v.tls.keyFile === undefined)) {
    throw new AppError('VALIDATION', 'Invalid connection profile: a client certificate needs both tls.certFile and tls.keyFile.');
  }
  return { ...v, environment, readOnly: v.readOnly ?? prod };
}

export interface ProfileStoreOptions {
  /** When given, passwords passed to create/update go there and follow duplicate/delete. */
  secrets?: SecretStore;
  fileName?: string;
  now?: () => Date;
}

/**
 * Profiles in <data>/profiles.json, `{ "version": 1, "profiles": [...] }`. A missing file is
 * an empty list; a corrupt one is a FILE_ERROR (never silently replaced). Every write is
 * atomic and writes inside this process are serialised.
 */
export class ProfileStore {
  readonly file: string;
  private readonly lock = new FileLock();
  private readonly secrets: SecretStore | undefined;
  private readonly now: () => Date;

  constructor(dataDir: string, options: ProfileStoreOptions = {}) {
    this.file = path.join(dataDir, options.fileName ?? 'profiles.json');
    this.secrets = options.secrets;
    this.now = options.now ?? (() => new Date());
  }

  private async read(): Promise<ConnectionProfile[]> {
    const raw = await readJsonIfExists(this.file);
    if (raw === undefined) return [];
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      throw new AppError(
        'FILE_ERROR',
        `${this.file} is corrupt (${describeIssues(parsed.error)}). Restore it from a backup or move it aside.`,
      );
    }
    return parsed.data.profiles;
  }

  private async write(profiles: ConnectionProfile[]): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, profiles }, null, 2)}\n`);
  }

  private static checkName(profiles: ConnectionProfile[], name: string, exceptId?: string): void {
    const clash = profiles.find((p) => p.id !== exceptId && p.name.toLowerCase() === name.toLowerCase());
    if (clash) throw new AppError('CONFLICT', `A connection named "${name}" already exists.`);
  }

  async list(): Promise<ConnectionProfile[]> {
    return this.read();
  }

  async find(id: string): Promise<ConnectionProfile | undefined> {
    return (await this.read()).find((p) => p.id === id);
  }

  async get(id: string): Promise<ConnectionProfile> {
    const p = await this.find(id);
    if (!p) throw new AppError('NOT_FOUND', `No connection profile with id ${id}.`);
    return p;
  }

  /** `password`: stored in the SecretStore under the new id (needs `secrets`). */
  create(input: ProfileInput, password?: string): Promise<ConnectionProfile> {
    return this.lock.run(async () => {
      const v = normaliseInput(input);
      const profiles = await this.read();
      ProfileStore.checkName(profiles, v.name);
      const at = this.now().toISOString();
      const id = crypto.randomUUID();
      const hasPassword = await this.storePassword(id, password);
      const profile: ConnectionProfile = profileSchema.parse({ ...v, id, hasPassword, createdAt: at, updatedAt: at });
      try {
        await this.write([...profiles, profile]);
      } catch (e) {
        if (hasPassword) await this.secrets?.delete(id).catch(() => undefined);
        throw e;
      }
      return profile;
    });
  }

  /**
   * `password`: undefined keeps the stored one, a string replaces it, null forgets it.
   */
  update(id: string, patch: ProfilePatch, password?: string | null): Promise<ConnectionProfile> {
    return this.lock.run(async () => {
      refusePassword(patch);
      const profiles = await this.read();
      const i = profiles.findIndex((p) => p.id === id);
      const current = profiles[i];
      if (!current) throw new AppError('NOT_FOUND', `No connection profile with id ${id}.`);
      const { id: _id, hasPassword: _h, createdAt: _c, updatedAt: _u, ...editable } = current;
      // A colour chosen for another environment must not follow a change of environment.
      const environment = patch.environment ?? editable.environment;
      const merged = { ...editable, ...patch, environment };
      const v = normaliseInput(merged);
      ProfileStore.checkName(profiles, v.name, id);
      let hasPassword = current.hasPassword;
      if (password === null) {
        await this.secrets?.delete(id);
        hasPassword = false;
      } else if (password !== undefined) {
        hasPassword = await this.storePassword(id, password);
      }
      const next = profileSchema.parse({ ...v, id, hasPassword, createdAt: current.createdAt, updatedAt: this.now().toISOString() });
      const all = [...profiles];
      all[i] = next;
      await this.write(all);
      return next;
    });
  }

  /** A copy under a new id and name ("<name> (copy)", "(copy 2)"…), password included. */
  duplicate(id: string, name?: string): Promise<ConnectionProfile> {
    return this.lock.run(async () => {
      const profiles = await this.read();
      const source = profiles.find((p) => p.id === id);
      if (!source) throw new AppError('NOT_FOUND', `No connection profile with id ${id}.`);
      let newName = name?.trim();
      if (newName) {
        ProfileStore.checkName(profiles, newName);
      } else {
        const taken = new Set(profiles.map((p) => p.name.toLowerCase()));
        for (let n = 1; ; n++) {
          const candidate = `${source.name.slice(0, 88)} (copy${n === 1 ? '' : ` ${n}`})`;
          if (!taken.has(candidate.toLowerCase())) {
            newName = candidate;
            break;
          }
        }
      }
      const at = this.now().toISOString();
      const copyId = crypto.randomUUID();
      let hasPassword = false;
      if (source.hasPassword && this.secrets) {
        const secret = await this.secrets.get(id);
        if (secret !== undefined) hasPassword = await this.storePassword(copyId, secret);
      }
      const copy: ConnectionProfile = profileSchema.parse({
        ...source,
        id: copyId,
        name: newName,
        hasPassword,
        createdAt: at,
        updatedAt: at,
      });
      await this.write([...profiles, copy]);
      return copy;
    });
  }

  /** Removes the profile and its stored password. */
  delete(id: string): Promise<void> {
    return this.lock.run(async () => {
      const profiles = await this.read();
      const rest = profiles.filter((p) => p.id !== id);
      if (rest.length === profiles.length) throw new AppError('NOT_FOUND', `No connection profile with id ${id}.`);
      await this.write(rest);
      await this.secrets?.delete(id);
    });
  }

  private async storePassword(id: string, password: string | undefined): Promise<boolean> {
    if (password === undefined) return false;
    if (!this.secrets) throw new AppError('INTERNAL', 'ProfileStore was given a password but has no SecretStore.');
    await this.secrets.set(id, password);
    return true;
  }
}

/** A stored profile as the ConnectionManager's target. */
export function profileTarget(p: ConnectionProfile): ConnectionTarget {
  return {
    id: p.id,
    name: p.name,
    host: p.host,
    port: p.port,
    database: p.database,
    user: p.user,
    tls: p.tls,
    applicationName: p.applicationName,
    statementTimeoutMs: p.statementTimeoutMs,
    connectTimeoutMs: p.connectTimeoutMs,
    readOnly: p.readOnly,
    environment: p.environment,
  };
}
