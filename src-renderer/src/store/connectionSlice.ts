import type { StateCreator } from 'zustand';
import type { ConnectionSummary } from '../../../src-main/shared/model/connections';
import { call } from '../api/client';
import type { AppState } from './index';

export interface ConnectionSlice {
  connection: ConnectionSummary | null;
  loadConnection(): Promise<void>;
  connectionChanged(connection: ConnectionSummary | null): void;
}

// Failed calls need no handling here: the main process reports every failure as a
// `call/failed` event, which the toast listener shows.
export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  connection: null,
  loadConnection: async () => {
    set({ connection: await call('connection/active', {}).catch(() => null) });
  },
  connectionChanged: (connection) => set({ connection }),
});
