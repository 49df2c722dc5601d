import type { StateCreator } from 'zustand';
import { tryCall } from '../api/callOrToast';
import type { AppState, ConnectionSlice } from './types';

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  connection: null,
  loadConnection: async () => {
    // connection/active answers null when not connected, so it is asked with tryCall.
    const active = await tryCall('connection/active', {});
    set({ connection: active.ok ? active.value : null });
  },
  connectionChanged: (connection) => set({ connection }),
});
