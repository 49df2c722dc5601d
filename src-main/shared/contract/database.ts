/** The connected database: status, tables, initialise and migrate, the auditor role, the health probe. */
import { z } from 'zod';
import type { DatabaseStatusDto, HardenResult, TableInfoDto } from '../model/database';
import type { PrivilegesReport } from '../model/report';
import type { JobRef } from '../model/jobs';
import { none, password, returns, text } from './common';

export const databaseChannels = {
  'db/status': { input: none, output: returns<DatabaseStatusDto>() },
  'db/tables': { input: none, output: returns<TableInfoDto[]>() },
  'db/initialise': { input: none, output: returns<JobRef>() },
  'db/migrate': { input: none, output: returns<JobRef>() },
  'db/create-auditor-role': {
    input: z.object({ roleName: text().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _'), password }).strict(),
    output: returns<{ roleName: string }>(),
  },
  /** Least-privilege roles: service, auditor, sealer (govcon harden). */
  'db/harden': { input: none, output: returns<HardenResult>() },
  /** Who could rewrite history (govcon harden --check). */
  'db/check-privileges': { input: none, output: returns<PrivilegesReport>() },
  'jobs/start-health-probe': {
    input: z
      .object({
        samples: z.number().int().min(1).max(10_000),
        intervalMs: z.number().int().min(0).max(60_000),
      })
      .strict(),
    output: returns<JobRef>(),
  },
} as const;
