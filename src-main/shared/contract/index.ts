/**
 * The IPC contract: every channel named once, with the schema its input must match and the
 * type of its output. Main (router), preload (bridge), the browser-test host and the
 * renderer's client all derive from this file; no channel name is written anywhere else.
 *
 * Imports nothing from Node, Electron or Sequelize: the renderer type-checks against it.
 */
import { z } from 'zod';
import type {
  AppInfo,
  CallFailed,
  ConnectionSummary,
  DatabaseStatusDto,
  Envelope,
  JobFinished,
  JobProgress,
  JobRef,
  JobSummary,
  ProfileListItem,
  ReportFile,
  ServerCheckDto,
  TableInfoDto,
} from '../model/app';
import { profileInputSchema, profilePatchSchema, type ConnectionProfile } from '../model/profile';
import type {
  BulkUserResult,
  DeleteUserPreview,
  DeleteUserResult,
  DormantReport,
  Page,
  UserDetail,
  UserDto,
  UserMutationResult,
  UserRole,
} from '../model/users';
import type { ApiKeyCheckResult, ApiKeyCreated, ApiKeyPage, ApiKeyRevokeResult, ApiKeyRotated, ApiKeyScope, ApiKeyStatus } from '../model/api-keys';

/** A phantom value that carries an output type through `typeof`. */
const returns = <T>(): T => undefined as unknown as T;

const none = z.object({}).strict();
const jobId = z.object({ jobId: z.string().uuid() }).strict();
const profileId = z.object({ id: z.string().min(1).max(64) }).strict();
const uuid = z.string().uuid();
const userId = z.object({ id: uuid }).strict();
const ROLES = ['user', 'admin', 'sre', 'developer', 'auditor'] as const satisfies readonly UserRole[];
const SCOPES = ['read', 'write', 'admin', 'governance', 'workflows'] as const satisfies readonly ApiKeyScope[];
const KEY_STATUSES = ['active', 'expiring', 'expired', 'revoked', 'disabled'] as const satisfies readonly ApiKeyStatus[];
const role = z.enum(ROLES);
const metadata = z.record(z.string(), z.unknown());
const cursor = z.string().max(2000).nullable().optional();
const limit = z.number().int().min(1).max(500).optional();
/** A password travels renderer → main once, to be encrypted at rest; it never comes back. */
const password = z.string().min(1).max(1024);

export const channels = {
  'app/info': { input: none, output: returns<AppInfo>() },

  'profiles/list': { input: none, output: returns<ProfileListItem[]>() },
  'profiles/create': {
    input: z.object({ profile: profileInputSchema, password: password.optional() }).strict(),
    output: returns<ConnectionProfile>(),
  },
  'profiles/update': {
    input: z
      .object({
        id: z.string().min(1).max(64),
        patch: profilePatchSchema,
        /** Absent: keep the stored password; null: forget it. */
        password: password.nullable().optional(),
      })
      .strict(),
    output: returns<ConnectionProfile>(),
  },
  'profiles/duplicate': { input: profileId, output: returns<ConnectionProfile>() },
  'profiles/delete': { input: profileId, output: returns<{ deleted: true }>() },
  'profiles/test': { input: profileId, output: returns<ServerCheckDto>() },
  'profiles/create-database': { input: profileId, output: returns<{ name: string; created: boolean }>() },

  'connection/active': { input: none, output: returns<ConnectionSummary | null>() },
  'connection/connect': { input: profileId, output: returns<ConnectionSummary>() },
  'connection/disconnect': { input: none, output: returns<null>() },

  'db/status': { input: none, output: returns<DatabaseStatusDto>() },
  'db/tables': { input: none, output: returns<TableInfoDto[]>() },
  'db/initialise': { input: none, output: returns<JobRef>() },
  'db/migrate': { input: none, output: returns<JobRef>() },
  'db/create-auditor-role': {
    input: z.object({ roleName: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _'), password }).strict(),
    output: returns<{ roleName: string }>(),
  },

  'users/list': {
    input: z
      .object({
        search: z.string().max(255).nullable().optional(),
        role: role.nullable().optional(),
        active: z.boolean().nullable().optional(),
        sort: z.enum(['created_at', 'last_login_at', 'email']).optional(),
        direction: z.enum(['asc', 'desc']).optional(),
        limit,
        cursor,
      })
      .strict(),
    output: returns<Page<UserDto>>(),
  },
  'users/detail': { input: userId, output: returns<UserDetail>() },
  'users/create': {
    input: z.object({ email: z.string().min(3).max(255), name: z.string().trim().min(1).max(255), role, metadata: metadata.optional() }).strict(),
    output: returns<UserDto>(),
  },
  'users/update': {
    input: z.object({ id: uuid, name: z.string().trim().min(1).max(255).optional(), role: role.optional(), metadata: metadata.optional() }).strict(),
    output: returns<UserMutationResult>(),
  },
  'users/set-active': { input: z.object({ id: uuid, active: z.boolean() }).strict(), output: returns<UserMutationResult>() },
  'users/delete-preview': { input: userId, output: returns<DeleteUserPreview>() },
  /** confirmKeyCount: the key count the person confirmed; a different count now refuses. */
  'users/delete': { input: z.object({ id: uuid, confirmKeyCount: z.number().int().min(0) }).strict(), output: returns<DeleteUserResult>() },
  'users/dormant': {
    input: z.object({ days: z.number().int().min(1).max(36_500).optional(), limit: z.number().int().min(1).max(10_000).optional(), cursor }).strict(),
    output: returns<DormantReport>(),
  },
  'users/disable-dormant': {
    input: z.object({ days: z.number().int().min(1).max(36_500), userIds: z.array(uuid).min(1).max(10_000) }).strict(),
    output: returns<BulkUserResult>(),
  },
  'users/bulk': {
    input: z
      .object({
        ids: z.array(uuid).min(1).max(10_000),
        action: z.discriminatedUnion('action', [z.object({ action: z.literal('disable') }), z.object({ action: z.literal('enable') }), z.object({ action: z.literal('set-role'), role })]),
      })
      .strict(),
    output: returns<BulkUserResult>(),
  },

  'keys/list': {
    input: z.object({ userId: uuid.nullable().optional(), status: z.enum(KEY_STATUSES).nullable().optional(), search: z.string().max(255).nullable().optional(), limit, cursor }).strict(),
    output: returns<ApiKeyPage>(),
  },
  /** The only answer that carries a key's secret (with keys/rotate): shown once, stored nowhere. */
  'keys/create': {
    input: z
      .object({
        userEmail: z.string().min(3).max(255),
        name: z.string().trim().min(1).max(100),
        scopes: z.array(z.enum(SCOPES)).min(1),
        expiry: z.union([z.object({ days: z.number().int().min(1).max(3650) }).strict(), z.object({ never: z.literal(true) }).strict()]),
      })
      .strict(),
    output: returns<ApiKeyCreated>(),
  },
  'keys/revoke': { input: userId, output: returns<ApiKeyRevokeResult>() },
  'keys/rotate': { input: z.object({ id: uuid, overlapHours: z.number().min(0).max(8760) }).strict(), output: returns<ApiKeyRotated>() },
  /** The key is hashed in main; only its hash is looked up; it is never stored or logged. */
  'keys/check': { input: z.object({ key: z.string().min(1).max(512) }).strict(), output: returns<ApiKeyCheckResult>() },

  'integrity/verify-db': { input: none, output: returns<JobRef>() },
  'integrity/verify-file': { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: returns<JobRef>() },
  /** Imports a verified audit.jsonl into audit_logs, with its chain of custody. */
  'integrity/import-file': { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: returns<JobRef>() },
  'integrity/report': {
    input: z.object({ jobId: z.string().uuid(), format: z.enum(['json', 'html']) }).strict(),
    output: returns<ReportFile>(),
  },

  'jobs/start-health-probe': {
    input: z
      .object({
        samples: z.number().int().min(1).max(10_000),
        intervalMs: z.number().int().min(0).max(60_000),
      })
      .strict(),
    output: returns<JobRef>(),
  },
  'jobs/list': { input: none, output: returns<JobSummary[]>() },
  'jobs/cancel': { input: jobId, output: returns<{ cancelled: boolean }>() },
} as const;

/** Events main pushes to the renderer, all over one transport channel. */
export const events = {
  'job/progress': returns<JobProgress>(),
  'job/finished': returns<JobFinished>(),
  /** The active connection changed (null: disconnected). */
  'connection/changed': returns<ConnectionSummary | null>(),
  /** A call the main process refused or that failed: the renderer shows it as a toast. */
  'call/failed': returns<CallFailed>(),
} as const;

/** The Electron IPC channel events travel on (distinct from every invoke channel). */
export const EVENT_TRANSPORT = 'govcon:event';

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = Channels[C]['output'];

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = (typeof events)[E];
export type AppEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** What the preload (and the test bridge) put on `window.governance`. */
export interface Bridge {
  channels: { [C in ChannelName]: (input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>> };
  onEvent(listener: (event: AppEvent) => void): () => void;
}

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
