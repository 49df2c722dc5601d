import { create } from 'zustand';
import { createConnectionSlice } from './connectionSlice';
import { createJobsSlice } from './jobsSlice';
import { createNavSlice } from './navSlice';
import { createProfilesSlice } from './profilesSlice';
import { createToastSlice } from './toastSlice';
import { onEvent } from '../api/client';
import { onCallFailed } from '../api/failures';
import { setConnectionSource } from '../api/production-guard';

import type { AppState } from './types';

export type { AppState };

/** The one store, built from slices (zustand's slices pattern). */
export const useStore = create<AppState>()((...a) => ({
  ...createNavSlice(...a),
  ...createToastSlice(...a),
  ...createConnectionSlice(...a),
  ...createProfilesSlice(...a),
  ...createJobsSlice(...a),
}));

/**
 * Routes main-process events, and failures of this window's own calls, into the store; returns
 * the unsubscribe function.
 */
export function subscribeToMainEvents(): () => void {
  const stopEvents = onEvent((event) => {
    const state = useStore.getState();
    switch (event.name) {
      case 'job/progress':
        state.jobProgressed(event.payload);
        break;
      case 'job/finished':
        state.jobFinished(event.payload);
        break;
      case 'connection/changed':
        state.connectionChanged(event.payload);
        break;
      case 'call/failed':
        state.pushError(event.payload.error, event.payload.channel);
        break;
    }
  });
  const stopFailures = onCallFailed((channel, error) => useStore.getState().pushError(error, channel));
  const stopSource = setConnectionSource(() => useStore.getState().connection);
  return () => {
    stopEvents();
    stopFailures();
    stopSource();
  };
}
