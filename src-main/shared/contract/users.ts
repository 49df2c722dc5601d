/** Users of the service: keyset listing, detail, changes, guarded delete, dormant report, bulk actions. */
import { z } from 'zod';
import { LIMITS } from '../limits';
import type { Page } from '../model/page';
import type {
  BulkUserResult,
  DeleteUserPreview,
  DeleteUserResult,
  DormantReport,
  UserDetail,
  UserDto,
  UserMutationResult,
} from '../model/users';
import { USER_SORT_KEYS } from '../model/users';
import { USER_ROLES } from '../model/vocabulary';
import { cursor, limit, metadata, returns, uuid, text } from './common';

const role = z.enum(USER_ROLES);
const userId = z.object({ id: uuid }).strict();
const userIds = z.array(uuid).min(1).max(LIMITS.bulkUsers);
const dormantDays = z.number().int().min(1).max(LIMITS.dormantDays.max);

export const userChannels = {
  'users/list': {
    input: z
      .object({
        search: text().max(255).nullable().optional(),
        role: role.nullable().optional(),
        active: z.boolean().nullable().optional(),
        sort: z.enum(USER_SORT_KEYS).optional(),
        direction: z.enum(['asc', 'desc']).optional(),
        limit,
        cursor,
      })
      .strict(),
    output: returns<Page<UserDto>>(),
  },
  'users/detail': { input: userId, output: returns<UserDetail>() },
  'users/create': {
    input: z.object({ email: text().min(3).max(255), name: text().trim().min(1).max(255), role, metadata: metadata.optional() }).strict(),
    output: returns<UserDto>(),
  },
  'users/update': {
    input: z
      .object({ id: uuid, name: text().trim().min(1).max(255).optional(), role: role.optional(), metadata: metadata.optional() })
      .strict(),
    output: returns<UserMutationResult>(),
  },
  'users/set-active': { input: z.object({ id: uuid, active: z.boolean() }).strict(), output: returns<UserMutationResult>() },
  'users/delete-preview': { input: userId, output: returns<DeleteUserPreview>() },
  /** confirmKeyCount: the key count the person confirmed; a different count now refuses. */
  'users/delete': { input: z.object({ id: uuid, confirmKeyCount: z.number().int().min(0) }).strict(), output: returns<DeleteUserResult>() },
  'users/dormant': {
    input: z
      .object({ days: dormantDays.optional(), limit: z.number().int().min(1).max(LIMITS.dormantPageSize.max).optional(), cursor })
      .strict(),
    output: returns<DormantReport>(),
  },
  'users/disable-dormant': {
    input: z.object({ days: dormantDays, userIds }).strict(),
    output: returns<BulkUserResult>(),
  },
  'users/bulk': {
    input: z
      .object({
        ids: userIds,
        action: z.discriminatedUnion('action', [
          z.object({ action: z.literal('disable') }),
          z.object({ action: z.literal('enable') }),
          z.object({ action: z.literal('set-role'), role }),
        ]),
      })
      .strict(),
    output: returns<BulkUserResult>(),
  },
} as const;
