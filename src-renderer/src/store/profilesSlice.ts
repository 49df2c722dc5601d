import type { StateCreator } from 'zustand';
import { callOrToast } from '../api/callOrToast';
import type { AppState, ProfilesSlice } from './types';

export const createProfilesSlice: StateCreator<AppState, [], [], ProfilesSlice> = (set) => ({
  profiles: [],
  loadProfiles: async () => {
    const profiles = await callOrToast('profiles/list', {});
    if (profiles) set({ profiles });
  },
});
