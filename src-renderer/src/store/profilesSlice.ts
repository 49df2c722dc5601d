import type { StateCreator } from 'zustand';
import type { ProfileListItem } from '../../../src-main/shared/model/connections';
import { callOrToast } from '../api/callOrToast';
import type { AppState } from './index';

export interface ProfilesSlice {
  profiles: ProfileListItem[];
  loadProfiles(): Promise<void>;
}

export const createProfilesSlice: StateCreator<AppState, [], [], ProfilesSlice> = (set) => ({
  profiles: [],
  loadProfiles: async () => {
    const profiles = await callOrToast('profiles/list', {});
    if (profiles) set({ profiles });
  },
});
