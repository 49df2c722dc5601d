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
  ServerInfo,
  TableInfoDto,
} from './dto';
import { profileInputSchema, type ConnectionProfile } from './profile';

/** A phantom value that carries an output type through `typeof`. */
const returns = <T>(): T => undefined as unknown as T;

const none = z.object({}).strict();
const jobId = z.object({ jobId: z.string().uuid() }).strict();
const profileId = z.object({ id: z.string().min(1).max(64) }).strict();
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
        patch: profileInputSchema.partial(),
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

  'db/server-info': { input: none, output: returns<ServerInfo>() },
  'db/status': { input: none, output: returns<DatabaseStatusDto>() },
  'db/tables': { input: none, output: returns<TableInfoDto[]>() },
  'db/initialise': { input: none, output: returns<JobRef>() },
  'db/migrate': { input: none, output: returns<JobRef>() },
  'db/create-auditor-role': {
    input: z.object({ roleName: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _'), password }).strict(),
    output: returns<{ roleName: string }>(),
  },

  'integrity/verify-db': { input: none, output: returns<JobRef>() },
  'integrity/verify-file': { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: returns<JobRef>() },
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
