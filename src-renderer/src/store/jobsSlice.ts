import type { StateCreator } from 'zustand';
import type { JobFinished, JobProgress } from '../../../src-main/shared/model/jobs';
import type { AppState } from './index';

export interface JobsSlice {
  /** Latest progress of each job this window has seen, by job id. */
  progress: Record<string, JobProgress>;
  finished: Record<string, JobFinished>;
  jobProgressed(progress: JobProgress): void;
  jobFinished(finished: JobFinished): void;
}

export const createJobsSlice: StateCreator<AppState, [], [], JobsSlice> = (set) => ({
  progress: {},
  finished: {},
  jobProgressed: (p) => set((s) => ({ progress: { ...s.progress, [p.jobId]: p } })),
  jobFinished: (f) => set((s) => ({ finished: { ...s.finished, [f.jobId]: f } })),
});
