import { create } from 'zustand';
import { createConnectionSlice } from './connectionSlice';
import { createJobsSlice } from './jobsSlice';
import { createNavSlice } from './navSlice';
import { createPaletteSlice } from './paletteSlice';
import { createProfilesSlice } from './profilesSlice';
import { createThemeSlice } from './themeSlice';
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
  ...createThemeSlice(...a),
  ...createPaletteSlice(...a),
}));

/** Errors a working connection mends: they go when one is made. */
const CONNECTION_ERRORS = [
  'NOT_CONNECTED',
  'DATABASE_MISSING',
  'AUTH_FAILED',
  'HOST_NOT_FOUND',
  'CONNECTION_REFUSED',
  'TLS_FAILED',
  'NOT_POSTGRES',
] as const;

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
        // A database initialised or migrated has the schema the pages complained about.
        if (event.payload.status === 'succeeded' && (event.payload.kind === 'initialise' || event.payload.kind === 'migrate')) {
          state.resolveToasts(['SCHEMA_MISMATCH']);
        }
        break;
      case 'connection/changed':
        state.connectionChanged(event.payload);
        if (event.payload) state.resolveToasts(CONNECTION_ERRORS);
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
