import type { StateCreator } from 'zustand';
import type { ProfileListItem } from '../../../src-main/shared/model/connections';
import { call } from '../api/client';
import type { AppState } from './index';

export interface ProfilesSlice {
  profiles: ProfileListItem[];
  loadProfiles(): Promise<void>;
}

export const createProfilesSlice: StateCreator<AppState, [], [], ProfilesSlice> = (set) => ({
  profiles: [],
  loadProfiles: async () => {
    const profiles = await call('profiles/list', {}).catch(() => null);
    if (profiles) set({ profiles });
  },
});
