/** Workflow executions: the keyset-paged list with its filters, one execution, and live updates of running ones. */
import { z } from 'zod';
import { LIMITS } from '../limits';
import type { ExecutionDetail, ExecutionPage, ExecutionUpdates } from '../model/workflows';
import { EXECUTION_STATUSES } from '../model/vocabulary';
import { cursor, limit, returns, text, uuid } from './common';
import { isoUtc } from './time';

const filters = {
  workflow: text().min(1).max(100).nullable().optional(),
  status: z.enum(EXECUTION_STATUSES).nullable().optional(),
  trace: uuid.nullable().optional(),
  from: isoUtc.nullable().optional(),
  to: isoUtc.nullable().optional(),
};

export const workflowChannels = {
  'executions/list': { input: z.object({ ...filters, limit, cursor }).strict(), output: returns<ExecutionPage>() },
  'executions/detail': { input: z.object({ id: uuid }).strict(), output: returns<ExecutionDetail>() },
  /** The rows of these ids as they are now: the window asks for the ones it shows as running. */
  'executions/updates': {
    input: z.object({ ids: z.array(uuid).min(1).max(LIMITS.pageSize.max) }).strict(),
    output: returns<ExecutionUpdates>(),
  },
  /** Workflow names that have executions, for the filter (at most 1,000). */
  'executions/workflows': { input: z.object({}).strict(), output: returns<string[]>() },
} as const;
