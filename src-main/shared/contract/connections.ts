/** Connection profiles (stored, DATABASE_URL, the embedded workspace) and the active connection. */
import { z } from 'zod';
import type { ConnectionSummary, ProfileListItem, ServerCheckDto } from '../model/connections';
import { profileInputSchema, profilePatchSchema, type ConnectionProfile } from '../model/profile';
import { none, password, profileId, returns, text } from './common';

export const connectionChannels = {
  'profiles/list': { input: none, output: returns<ProfileListItem[]>() },
  'profiles/create': {
    input: z.object({ profile: profileInputSchema, password: password.optional() }).strict(),
    output: returns<ConnectionProfile>(),
  },
  'profiles/update': {
    input: z
      .object({
        id: text().min(1).max(64),
        patch: profilePatchSchema,
        /** Absent: keep the stored password; null: forget it. */
        password: password.nullable().optional(),
      })
      .strict(),
    output: returns<ConnectionProfile>(),
  },
  'profiles/duplicate': { input: profileId, output: returns<ConnectionProfile>() },
  'profiles/delete': { input: profileId, output: returns<{ deleted: true }>() },
  'profiles/test': { input: profileId, output: returns<ServerCheckDto>() },
  'profiles/create-database': { input: profileId, output: returns<{ name: string; created: boolean }>() },
  'connection/active': { input: none, output: returns<ConnectionSummary | null>() },
  'connection/connect': { input: profileId, output: returns<ConnectionSummary>() },
  'connection/disconnect': { input: none, output: returns<null>() },
} as const;
