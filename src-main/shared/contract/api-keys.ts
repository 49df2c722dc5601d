/** API keys: listing, one-time secrets on create and rotate, revoke, check. */
import { z } from 'zod';
import { LIMITS } from '../limits';
import type { ApiKeyCheckResult, ApiKeyCreated, ApiKeyPage, ApiKeyRevokeResult, ApiKeyRotated } from '../model/api-keys';
import { API_KEY_SCOPES, API_KEY_STATUSES } from '../model/vocabulary';
import { cursor, limit, returns, uuid, text } from './common';

const keyId = z.object({ id: uuid }).strict();

export const apiKeyChannels = {
  'keys/list': {
    input: z
      .object({
        userId: uuid.nullable().optional(),
        status: z.enum(API_KEY_STATUSES).nullable().optional(),
        search: text().max(255).nullable().optional(),
        limit,
        cursor,
      })
      .strict(),
    output: returns<ApiKeyPage>(),
  },
  /** The only answer that carries a key's secret (with keys/rotate): shown once, stored nowhere. */
  'keys/create': {
    input: z
      .object({
        userEmail: text().min(3).max(255),
        name: text().trim().min(1).max(100),
        scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
        expiry: z.union([
          z.object({ days: z.number().int().min(1).max(LIMITS.keyExpiryDays.max) }).strict(),
          z.object({ never: z.literal(true) }).strict(),
        ]),
      })
      .strict(),
    output: returns<ApiKeyCreated>(),
  },
  'keys/revoke': { input: keyId, output: returns<ApiKeyRevokeResult>() },
  'keys/rotate': {
    input: z.object({ id: uuid, overlapHours: z.number().min(0).max(LIMITS.keyOverlapHours.max) }).strict(),
    output: returns<ApiKeyRotated>(),
  },
  /** The key is hashed in main; only its hash is looked up; it is never stored or logged. */
  'keys/check': { input: z.object({ key: text().min(1).max(LIMITS.apiKeyLength) }).strict(), output: returns<ApiKeyCheckResult>() },
} as const;
