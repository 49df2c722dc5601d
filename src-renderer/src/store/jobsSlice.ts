import type { StateCreator } from 'zustand';
import type { AppState, JobsSlice } from './types';

export const createJobsSlice: StateCreator<AppState, [], [], JobsSlice> = (set) => ({
  progress: {},
  finished: {},
  jobProgressed: (p) => set((s) => ({ progress: { ...s.progress, [p.jobId]: p } })),
  jobFinished: (f) => set((s) => ({ finished: { ...s.finished, [f.jobId]: f } })),
});
