/**
 * The IPC contract: every channel named once, with the schema its input must match and the
 * type of its output. Each domain's channels live in their own file here; this file merges
 * them (refusing a name given twice) and adds the events. Main (router), preload (bridge), the
 * browser-test host and the renderer's client all derive from it; no channel name is written
 * anywhere else.
 *
 * Imports nothing from Node, Electron or Sequelize: the renderer type-checks against it.
 */
import type { z } from 'zod';
import type { CallFailed, Envelope } from '../model/app';
import type { ConnectionSummary } from '../model/connections';
import type { JobFinished, JobProgress } from '../model/jobs';
import { apiKeyChannels } from './api-keys';
import { appChannels } from './app';
import { auditLogChannels } from './audit-log';
import { backupChannels } from './backup';
import { returns } from './common';
import { connectionChannels } from './connections';
import { dashboardChannels } from './dashboard';
import { databaseChannels } from './database';
import { demoChannels } from './demo';
import { evidenceChannels } from './evidence';
import { importChannels } from './import';
import { metricChannels } from './metrics';
import { sealChannels } from './seals';
import { userChannels } from './users';
import { verificationChannels } from './verification';
import { workflowChannels } from './workflows';

type Group = Record<string, { input: z.ZodType; output: unknown }>;

/** Merges the domains' channel groups; a name in two groups is a programming error, caught at load. */
function merge<const G extends readonly Group[]>(...groups: G): UnionToIntersection<G[number]> {
  const all: Group = {};
  for (const group of groups) {
    for (const name of Object.keys(group)) {
      if (Object.prototype.hasOwnProperty.call(all, name)) throw new Error(`IPC channel ${name} is defined twice`);
      all[name] = group[name];
    }
  }
  return all as UnionToIntersection<G[number]>;
}
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

export const channels = merge(
  appChannels,
  connectionChannels,
  databaseChannels,
  userChannels,
  apiKeyChannels,
  verificationChannels,
  importChannels,
  auditLogChannels,
  workflowChannels,
  metricChannels,
  dashboardChannels,
  demoChannels,
  sealChannels,
  evidenceChannels,
  backupChannels,
);

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

/** A file dropped on the window, as the page hands it to the bridge (a DOM File). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/** What the preload (and the test bridge) put on `window.governance`. */
export interface Bridge {
  channels: { [C in ChannelName]: (input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>> };
  onEvent(listener: (event: AppEvent) => void): () => void;
  /**
   * The path on disk of a file dropped on the window (Electron's webUtils.getPathForFile, since
   * File.path is gone); null when it has none (dragged from a web page, not from disk).
   */
  pathForFile(file: DroppedFile): string | null;
}

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
