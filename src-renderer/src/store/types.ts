/**
 * The store's shape, one interface per slice, apart from the slices themselves so that each
 * slice can be typed by the whole store (zustand's slices pattern) without an import cycle.
 */
import type { ConnectionSummary } from '../../../src-main/shared/model/connections';
import type { ErrorDto } from '../../../src-main/shared/errors';
import type { JobFinished, JobProgress } from '../../../src-main/shared/model/jobs';
import type { ProfileListItem } from '../../../src-main/shared/model/connections';
import type { RouteId } from '../app/route-ids';

/** Only where the window is: the list of places is the route registry (app/routes.ts). */
export interface NavSlice {
  route: RouteId;
  navigate(route: RouteId): void;
}

export interface ConnectionSlice {
  connection: ConnectionSummary | null;
  loadConnection(): Promise<void>;
  connectionChanged(connection: ConnectionSummary | null): void;
}

export interface JobsSlice {
  /** Latest progress of each job this window has seen, by job id. */
  progress: Record<string, JobProgress>;
  finished: Record<string, JobFinished>;
  jobProgressed(progress: JobProgress): void;
  jobFinished(finished: JobFinished): void;
}

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  code?: string;
  title: string;
  message: string;
}

export interface ToastSlice {
  toasts: Toast[];
  pushToast(toast: Omit<Toast, 'id'>): void;
  pushError(error: ErrorDto, context?: string): void;
  dismissToast(id: number): void;
}

export interface ProfilesSlice {
  profiles: ProfileListItem[];
  loadProfiles(): Promise<void>;
}

export type AppState = NavSlice & ToastSlice & ConnectionSlice & ProfilesSlice & JobsSlice;
