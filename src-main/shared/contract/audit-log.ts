/** The audit log browser: keyset pages, counts, stopping a query, one entry, export, saved views. */
import { z } from 'zod';
import { MAX_FILTER_LENGTH } from '../model/audit-filter';
import { AUDIT_ORDERS, EXPORT_FORMATS } from '../model/audit-log';
import type { AuditCountDto, AuditDetail, AuditFacets, AuditPage, AuditView } from '../model/audit-log';
import type { JobRef } from '../model/jobs';
import { cursor, filePath, none, returns, text, uuid } from './common';

const filter = text().max(MAX_FILTER_LENGTH);

export const auditLogChannels = {
  /** One page; `count` asks for the estimate (default) or the exact count. */
  'audit/list': {
    input: z
      .object({
        filter: filter.optional(),
        order: z.enum(AUDIT_ORDERS).optional(),
        cursor,
        direction: z.enum(['forward', 'backward']).optional(),
        at: text().max(64).nullable().optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        count: z.enum(['none', 'estimate', 'exact']).optional(),
        queryId: uuid.nullable().optional(),
      })
      .strict(),
    output: returns<AuditPage>(),
  },
  'audit/count': {
    input: z.object({ filter: filter.optional(), exact: z.boolean().optional(), queryId: uuid.nullable().optional() }).strict(),
    output: returns<AuditCountDto>(),
  },
  /** Stops a running audit/list or audit/count on the server (pg_cancel_backend). */
  'audit/cancel': { input: z.object({ queryId: uuid }).strict(), output: returns<{ cancelled: boolean }>() },
  'audit/detail': { input: z.object({ id: uuid }).strict(), output: returns<AuditDetail>() },
  'audit/facets': { input: none, output: returns<AuditFacets>() },
  /** Streams the filtered rows to `path` in main (a job: progress, cancel); a manifest is written beside it. */
  'audit/export': {
    input: z.object({ filter: filter.optional(), format: z.enum(EXPORT_FORMATS), path: filePath }).strict(),
    output: returns<JobRef>(),
  },
  'audit/views': { input: none, output: returns<AuditView[]>() },
  'audit/save-view': {
    input: z
      .object({
        name: text().trim().min(1).max(100),
        filter,
        columns: z.array(text().min(1).max(40)).max(40),
        order: z.enum(AUDIT_ORDERS),
      })
      .strict(),
    output: returns<AuditView>(),
  },
  'audit/delete-view': { input: z.object({ id: uuid }).strict(), output: returns<{ deleted: boolean }>() },
} as const;
